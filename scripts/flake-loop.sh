#!/usr/bin/env bash
# Runs one jest selection N times in a row on a test leg (scripts/test-leg.sh) and says how many runs passed. Made
# for the flake in which an inline program's first gRPC call to its engine failed with `14 UNAVAILABLE: No
# connection established` (see isolateGrpcConnectionsPerClient in testbed/harness.ts): it happened only when a
# new engine got the port of an earlier engine of the same jest process, which with 28,000 ephemeral ports is rare.
# So each run is in a private network namespace (`unshare -n`, root only; nothing outside it is affected) whose
# ephemeral port range is narrowed to --ports ports, where such a reuse is likely; without the harness's fix the
# default selection fails in most runs.
#
#   scripts/flake-loop.sh                            # 10 runs, Node 24 leg, 300 ports, the default selection
#   scripts/flake-loop.sh --runs 20 --node 22 --ports 0 -- tests/e2e/lifecycle.test.ts   # 0: the normal range
#   scripts/flake-loop.sh --busy                     # plus two lowest-priority CPU burners for the whole loop
#
# Default selection: the bad programs of tests/reliability/badPrograms.test.ts up to and including "toolkit
# missing" (the case seen failing), each a preview of an inline program in the same jest process.
# Last line: "N passed, N failed" counted in runs. Exit status 1 when any run failed.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=10
NODE_MAJOR=24
PORTS=300
BUSY=0
JEST_ARGS=(tests/reliability/badPrograms.test.ts -t "scopes|credential|client_id|prototype key|toolkit missing")
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="${2:?}"; shift 2 ;;
    --node) NODE_MAJOR="${2:?}"; shift 2 ;;
    --ports) PORTS="${2:?}"; shift 2 ;;
    --busy) BUSY=1; shift ;;
    --) shift; JEST_ARGS=("$@"); break ;;
    -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "flake-loop: unknown argument: $1" >&2; exit 2 ;;
  esac
done
if [ "$PORTS" != 0 ] && { [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null; }; then
  echo "flake-loop: --ports needs root and unshare (a private network namespace); use --ports 0 for the normal range" >&2
  exit 2
fi

# The leg: Node, a copy of the tree with its SDK, the CLI (the network is needed here, not in the runs).
setup="$(bash "$REPO/scripts/test-leg.sh" "$NODE_MAJOR" --setup-only)"
printf '%s\n' "$setup"
TREE="$(sed -n 's/^leg directory: //p' <<<"$setup")"
LEG_PATH="$(sed -n 's/^PATH=\(.*\):\$PATH$/\1/p' <<<"$setup")"
[ -n "$TREE" ] && [ -n "$LEG_PATH" ] || { echo "flake-loop: scripts/test-leg.sh --setup-only did not say where the leg is" >&2; exit 1; }
(cd "$TREE" && PATH="$LEG_PATH:$PATH" npm run --silent build)

BURNERS=()
stop_burners() { for pid in "${BURNERS[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop_burners EXIT
if [ "$BUSY" = 1 ]; then
  for _ in 1 2; do nice -n 19 node -e 'for (;;) {}' & BURNERS+=("$!"); done
fi

run_once() { # jest in the tree, on the leg's PATH, inside a namespace with $PORTS ephemeral ports (or not)
  local cmd='cd "$1" && export PATH="$2:$PATH" && shift 2 && npx jest "$@"'
  if [ "$PORTS" = 0 ]; then
    bash -c "$cmd" flake-loop "$TREE" "$LEG_PATH" "${JEST_ARGS[@]}"
  else
    unshare -n bash -c 'ip link set lo up && echo "40000 $((40000 + $0 - 1))" >/proc/sys/net/ipv4/ip_local_port_range && '"$cmd" \
      "$PORTS" "$TREE" "$LEG_PATH" "${JEST_ARGS[@]}"
  fi
}

passed=0
failed=0
LOG="$(mktemp)"
trap 'stop_burners; rm -f "$LOG"' EXIT
for i in $(seq 1 "$RUNS"); do
  t=$SECONDS
  if run_once >"$LOG" 2>&1; then
    passed=$((passed + 1)); verdict=passed
  else
    failed=$((failed + 1)); verdict=FAILED
    grep -E '✕|UNAVAILABLE' "$LOG" | sort | uniq -c | head -20 || true
  fi
  echo "run $i/$RUNS: $verdict in $((SECONDS - t))s; $(grep -E '^Tests: ' "$LOG" | tail -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
done
echo "flake-loop: ${JEST_ARGS[*]} on node $NODE_MAJOR, ports ${PORTS/#0/normal}, busy=$BUSY"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
