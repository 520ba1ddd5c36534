#!/usr/bin/env bash
# The pipeline's drift gate for one stack: fails when Composio no longer matches the code.
#
#   ./drift-check.sh <stack> [program dir]      # run where `npx` finds pulumi-composio (the repo's root)
#
# 1. `composio-drift` refreshes the stack in preview mode (nothing is written) and lists, per auth config, the
#    properties changed outside Pulumi (desired vs live, secrets masked). Exit 0 clean, 1 drift, 2 error,
#    3 busy: a deploy of the stack was still running after waiting DRIFT_WAIT (default 10m) for it.
# 2. `pulumi preview --refresh --expect-no-changes` then also fails on code merged but not deployed yet, and on
#    drift of any other resource in the stack.
# Exit code: 0 clean; 1 drift or pending changes; 2 the check itself failed (no stack, no API key, API down...);
# 3 not checked, another Pulumi operation kept running on the stack (try again later).
# Needs what `pulumi` needs (backend login or PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE for passphrase stacks)
# and the Composio API key (composio:apiKey in the stack, or COMPOSIO_API_KEY).
set -uo pipefail

STACK="${1:?usage: drift-check.sh <stack> [program dir]}"
DIR="${2:-.}"

# A scheduled check that overlaps a deploy waits for it instead of reporting the deploy as drift.
npx --no-install composio-drift --stack "$STACK" --cwd "$DIR" --wait "${DRIFT_WAIT:-10m}"
code=$?
if [ "$code" -ne 0 ]; then
  [ "$code" -eq 1 ] && echo "drift-check: auth configs of stack $STACK were changed outside Pulumi (above)." \
    "Keep the live settings by changing the code, or restore the code's with: pulumi up --refresh --stack $STACK" >&2
  exit "$code"
fi

if ! pulumi preview --refresh --expect-no-changes --diff --stack "$STACK" --cwd "$DIR"; then
  echo "drift-check: stack $STACK does not match the code: changes not deployed yet, or an error (above)." >&2
  exit 1
fi
echo "drift-check: stack $STACK matches the code."
