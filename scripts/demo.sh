#!/usr/bin/env bash
# npm run demo: the root program (Pulumi.yaml, program/index.ts) managing the seed's four auth configs on a local
# Composio API emulator, with the real Pulumi CLI, step by step, as a platform team would run it:
#   up -> ids -> a change made by hand "in the dashboard" -> preview --refresh catches the drift -> up reconciles
#   -> destroy.
# Everything it writes lives in .cache/demo-* (state backend, PULUMI_HOME, the stack's config file) and is removed
# at the end (DEMO_KEEP=1 keeps it). Set DEMO_PAUSE=1 to wait for Enter between steps.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
T0=$SECONDS
STEP=0
step() {
  STEP=$((STEP + 1))
  printf '\n\033[1m== %d. %s\033[0m  (%ss)\n' "$STEP" "$*" "$((SECONDS - T0))"
  if [ "${DEMO_PAUSE:-0}" = 1 ] && [ -t 0 ]; then read -r -p "   press Enter " _; fi
}
run() { printf '$ %s\n' "$*"; "$@"; }

step "Make sure the Pulumi CLI is available (built from Pulumi's Go modules on the first run)"
BIN_DIR="$(toolchain/ensure-pulumi.sh)"
export PATH="$BIN_DIR:$PATH"
pulumi version

step "Build the package (the provider process loads it by name: pulumi-composio/hooks)"
# `npm ci` has just built it (its `dependencies` script): rebuild only when a source changed since the last build.
if [ -f dist/sdk/index.js ] && [ -z "$(find provider sdk emulator cli tsconfig.json package.json -newer dist/sdk/index.js \( -name '*.ts' -o -name '*.json' \) -print -quit)" ]; then
  echo "dist/ is up to date with the sources: not rebuilt"
else
  run npm run --silent build
fi

mkdir -p .cache
DEMO_DIR="$(mktemp -d "$REPO/.cache/demo-XXXXXX")"
export PULUMI_BACKEND_URL="file://$DEMO_DIR/state" PULUMI_HOME="$DEMO_DIR/home"
export PULUMI_CONFIG_PASSPHRASE="demo-passphrase" PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
mkdir -p "$DEMO_DIR/state" "$DEMO_DIR/home"
CONFIG_FILE="$DEMO_DIR/Pulumi.demo.yaml"
API_KEY="demo-key-$RANDOM$RANDOM"
EMULATOR_PID=""
cleanup() {
  [ -n "$EMULATOR_PID" ] && kill "$EMULATOR_PID" 2>/dev/null || true
  if [ "${DEMO_KEEP:-0}" = 1 ]; then echo "DEMO_KEEP=1: kept $DEMO_DIR"; else rm -rf "$DEMO_DIR"; fi
}
trap cleanup EXIT

step "Start the local Composio API emulator"
node dist/emulator/cli.js --port 0 --api-key "$API_KEY" --quiet >"$DEMO_DIR/emulator.out" &
EMULATOR_PID=$!
for _ in $(seq 1 100); do grep -q listening "$DEMO_DIR/emulator.out" 2>/dev/null && break; sleep 0.1; done
cat "$DEMO_DIR/emulator.out"
BASE_URL="$(sed -n 's/.*listening on //p' "$DEMO_DIR/emulator.out")"
[ -n "$BASE_URL" ] || { echo "the emulator did not start" >&2; exit 1; }

# A person's edit in the Composio dashboard: a call to the public API.
composio() { # composio METHOD PATH [JSON]
  node -e '
    const [method, path, body] = process.argv.slice(1);
    fetch(process.env.BASE_URL + "/api/v3.1" + path, {
      method, body: body || undefined,
      headers: { "x-api-key": process.env.API_KEY, "content-type": "application/json" },
    }).then(async (r) => { console.log(JSON.stringify(await r.json(), null, 1)); if (!r.ok) process.exit(1); });
  ' "$@"
}
export BASE_URL API_KEY
# The same call, shown as a command first (the key as the variable, never its value).
show_composio() { # show_composio METHOD PATH [JSON]
  printf '$ curl -X %s "$BASE_URL/api/v3.1%s" -H "x-api-key: $API_KEY"%s\n' "$1" "$2" "${3:+ -H 'content-type: application/json' -d '$3'}"
  composio "$@"
}

step "Create the stack and describe the seed's four auth configs in its config"
[ ! -e Pulumi.demo.yaml ] || { echo "Pulumi.demo.yaml exists in $REPO; remove it (the demo's stack is named demo)" >&2; exit 1; }
run pulumi stack init demo
# The passphrase secrets provider writes its salt into the project's Pulumi.demo.yaml: keep it with the
# rest of the demo's files instead.
mv Pulumi.demo.yaml "$CONFIG_FILE"
cfg() { pulumi config set --config-file "$CONFIG_FILE" "$@"; printf '$ pulumi config set %s\n' "$*"; }
cfg --secret composio:apiKey "$API_KEY" >/dev/null
cfg composio:baseUrl "$BASE_URL"
cfg --path 'authConfigs[0].toolkit' github
cfg --path 'authConfigs[0].name' "GitHub"
cfg --path 'authConfigs[1].toolkit' notion
cfg --path 'authConfigs[1].type' use_custom_auth
cfg --path 'authConfigs[1].authScheme' OAUTH2
cfg --path 'authConfigs[1].name' "Notion Auth"
cfg --path 'authConfigs[1].credentials.client_id' notion-demo-client
cfg --secret --path 'authConfigs[1].credentials.client_secret' notion-demo-secret >/dev/null
cfg --path 'authConfigs[2].toolkit' hubspot
cfg --path 'authConfigs[2].credentials.scopes' "sales-email-read,tickets"
cfg --path 'authConfigs[3].toolkit' perplexityai
cfg --path 'authConfigs[3].type' use_custom_auth
cfg --path 'authConfigs[3].authScheme' API_KEY
echo "--- $CONFIG_FILE (secrets are encrypted):"
cat "$CONFIG_FILE"

step "pulumi up: create them"
run pulumi up --yes --skip-preview --config-file "$CONFIG_FILE"

step "The ids, for apps to read through a StackReference"
run pulumi stack output authConfigIds --json
HUBSPOT_ID="$(pulumi stack output authConfigIds --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).hubspot))')"
hubspot_name() { composio GET "/auth_configs/$HUBSPOT_ID" | sed -n 's/^ "name": "\(.*\)",$/\1/p'; }
HUBSPOT_NAME="$(hubspot_name)"

step "Someone edits the HubSpot config by hand in the dashboard (name and scopes)"
show_composio PATCH "/auth_configs/$HUBSPOT_ID" '{"type":"default","name":"hubspot (edited by hand)","scopes":"sales-email-read,tickets,crm.objects.contacts.write"}' | head -5

step "CI's drift check: pulumi preview --refresh --expect-no-changes fails and shows what changed"
set +e
run pulumi preview --refresh --diff --expect-no-changes --config-file "$CONFIG_FILE"
DRIFT_EXIT=$?
set -e
echo "(exit code $DRIFT_EXIT: non-zero means drift)"
[ "$DRIFT_EXIT" -ne 0 ] || { echo "expected the drift to be caught" >&2; exit 1; }

step "pulumi up --refresh: put the config back as the code says"
run pulumi up --refresh --yes --skip-preview --config-file "$CONFIG_FILE"
show_composio GET "/auth_configs/$HUBSPOT_ID" | grep -E '"name"|scopes' | head -3
echo '(Composio masks credential values on every read, scopes included: "sale..." is all a read shows of them. So the'
echo ' provider never compares them; it records when it last wrote the config and resends them when it changed since.)'
[ "$(hubspot_name)" = "$HUBSPOT_NAME" ] || { echo "expected the name to be back to $HUBSPOT_NAME" >&2; exit 1; }

step "The drift check passes again"
run pulumi preview --refresh --expect-no-changes --config-file "$CONFIG_FILE"

step "pulumi destroy: delete them all"
run pulumi destroy --yes --skip-preview --config-file "$CONFIG_FILE"
composio GET "/auth_configs?show_disabled=true" | grep total_items
run pulumi stack rm demo --yes

printf '\n\033[1mDemo finished in %ss.\033[0m\n' "$((SECONDS - T0))"
