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
. "$REPO/toolchain/common.sh" # say, die, parse_args, hold_lock, build_go_module, ...
parse_args "" "$@"

CACHE_DIR="$REPO/.cache/go-programs"
mkdir -p "$CACHE_DIR/bin"
hold_lock "$CACHE_DIR"
build_go_module "$REPO/testbed/programs/go" "$CACHE_DIR/bin/goprograms" "testbed/programs/go"
printf '%s\n' "$CACHE_DIR/bin"
