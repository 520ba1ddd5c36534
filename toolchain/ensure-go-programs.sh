#!/usr/bin/env bash
# Builds the Go Automation API programs of the end-to-end tests (the module testbed/programs/go) and prints (as the
# only line on stdout) the directory that holds the `goprograms` binary. Progress goes to stderr.
#
#   toolchain/ensure-go-programs.sh            # build (or find up to date), print the bin dir
#
# The bin dir is .cache/go-programs/bin (gitignored). Every run calls `go build`, which recompiles only what changed
# since the last run (Go's build cache) and leaves an up-to-date binary alone, so an edited program is always the one
# that runs. Dependencies: testbed/programs/go/go.mod and go.sum, downloaded from the Go module proxy (`go mod
# download`, verified against go.sum). Never downloads a Go toolchain (toolchain/common.sh: GOTOOLCHAIN=local, the
# local Go checked against the module's `go` line first). The programs run inline, in that binary's process, so
# they need no Go language host, only the CLI of toolchain/ensure-pulumi.sh on PATH.
set -euo pipefail
TOOL=ensure-go-programs

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=toolchain/common.sh
. "$REPO/toolchain/common.sh" # say, die, hold_lock, GOTOOLCHAIN=local, require_go, go_build_with_progress
case "${1:-}" in
  "") ;;
  -h|--help) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "ensure-go-programs: unknown argument: $1" >&2; exit 2 ;;
esac

MODULE_DIR="$REPO/testbed/programs/go"
CACHE_DIR="$REPO/.cache/go-programs"
BIN_DIR="$CACHE_DIR/bin"
mkdir -p "$BIN_DIR"
command -v go >/dev/null 2>&1 || die "the Go programs of the e2e tests need Go (https://go.dev/doc/install), version >= the 'go' line of $MODULE_DIR/go.mod"
command -v node >/dev/null 2>&1 || die "node is not on PATH (Node.js >= 20 is required)"

hold_lock "$CACHE_DIR"

cd "$MODULE_DIR"
require_go "$(go_mod_go_line go.mod)" "testbed/programs/go"
say "go mod download (a cold module cache downloads ~120 modules, verified against go.sum)"
go mod download || die "go mod download failed in $MODULE_DIR (see the messages above)"
say "go build testbed/programs/go with $(go version | cut -d' ' -f3) (cold: minutes; warm cache: seconds)"
total="$(go list -deps . 2>/dev/null | wc -l)"
if ! go_build_with_progress "$total" go build -v -o "$BIN_DIR/goprograms" .; then
  die "go build failed in $MODULE_DIR (see the messages above)"
fi
say "ready: $BIN_DIR/goprograms ($(du -m "$BIN_DIR/goprograms" | cut -f1) MB)"
printf '%s\n' "$BIN_DIR"
