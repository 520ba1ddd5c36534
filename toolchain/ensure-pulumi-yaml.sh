#!/usr/bin/env bash
# Makes the Pulumi YAML language host (`pulumi-language-yaml`, which runs `runtime: yaml` programs) available, and
# prints (as the only line on stdout) the directory to put on PATH beside toolchain/ensure-pulumi.sh's. Progress goes
# to stderr.
#
#   toolchain/ensure-pulumi-yaml.sh            # ensure, print the bin dir
#   export PATH="$(toolchain/ensure-pulumi-yaml.sh):$(toolchain/ensure-pulumi.sh):$PATH"
#   toolchain/ensure-pulumi-yaml.sh --build    # ignore a `pulumi-language-yaml` on PATH, always use/build the cached one
#
# The bin dir is .cache/pulumi-yaml/<version>/bin (gitignored). Choice, in order:
#   1. the cached build there, when `go version -m` says it is github.com/pulumi/pulumi-yaml at exactly PULUMI_YAML_VERSION;
#   2. a `pulumi-language-yaml` on PATH (e.g. beside an installed Pulumi CLI): linked, and its version said;
#   3. `go install github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v<version>` from the Go module proxy, with
#      the module's own go.mod (it has no replace directives, so no scratch module is needed). Go's module and build
#      caches make a second build a relink. Never downloads a binary (toolchain/common.sh: GOTOOLCHAIN=local, the
#      local Go checked against the module's `go` line first). Measured on 2 busy cores: see CONTRIBUTING.md "Toolchain for
#      YAML and Go programs". (Built against Pulumi's pkg/v3 v3.248.0, to share the CLI's compiled packages, it does
#      not compile: pulumi-yaml v1.25.0 calls plugin APIs that changed after its own v3.206.0.)
# The YAML host talks to the CLI over the language host protocol, so one build serves every CLI version of the legs.
set -euo pipefail
TOOL=ensure-pulumi-yaml

PULUMI_YAML_VERSION=1.25.0 # the newest github.com/pulumi/pulumi-yaml the Go module proxy serves (checked 2026-12-01)
MODULE=github.com/pulumi/pulumi-yaml
MAIN_PKG="$MODULE/cmd/pulumi-language-yaml"

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=toolchain/common.sh
. "$REPO/toolchain/common.sh" # say, die, parse_args, hold_lock, GOTOOLCHAIN=local, require_go, ...
parse_args "--build" "$@"

CACHE_DIR="$REPO/.cache/pulumi-yaml/$PULUMI_YAML_VERSION"
BIN_DIR="$CACHE_DIR/bin"
HOST="$BIN_DIR/pulumi-language-yaml"
mkdir -p "$BIN_DIR"

hold_lock "$CACHE_DIR"

built_version() { # the pulumi-yaml module version a Go binary was built from ("" if unknown)
  command -v go >/dev/null 2>&1 || return 0
  go version -m "$1" 2>/dev/null | awk -v m="$MODULE" '$1 == "mod" && $2 == m { print $3 }'
}

finish() {
  say "ready: $HOST ($1)"
  printf '%s\n' "$BIN_DIR"
  exit 0
}

# 1. A cached build of exactly this version.
if [ -x "$HOST" ] && [ ! -L "$HOST" ] && [ "$(built_version "$HOST")" = "v$PULUMI_YAML_VERSION" ]; then
  finish "cached build of v$PULUMI_YAML_VERSION, reused"
fi

# 2. One on PATH (ignoring our own bin dirs).
if [ "$FORCE_BUILD" = 0 ]; then
  IFS=: read -r -a path_entries <<<"$PATH"
  for d in "${path_entries[@]}"; do
    case "$d" in "$REPO/.cache/"*|"") continue ;; esac
    if [ -x "$d/pulumi-language-yaml" ]; then
      ln -sfn "$d/pulumi-language-yaml" "$HOST"
      found="$(built_version "$d/pulumi-language-yaml")"
      [ "$found" = "v$PULUMI_YAML_VERSION" ] || say "note: $d/pulumi-language-yaml is ${found:-of unknown version}, this repository tests v$PULUMI_YAML_VERSION: accepted"
      finish "on PATH: $d/pulumi-language-yaml"
    fi
  done
fi

# 3. Build with Go.
command -v go >/dev/null 2>&1 || die "no pulumi-language-yaml on PATH and no Go toolchain to build one.
  Either install the Pulumi CLI from https://www.pulumi.com/docs/install/ (it ships pulumi-language-yaml) and put its
  directory on PATH, or install Go (https://go.dev/doc/install) so that this script builds $MODULE v$PULUMI_YAML_VERSION."
command -v node >/dev/null 2>&1 || die "node is not on PATH (Node.js >= 20 is required)"
say "building $MODULE v$PULUMI_YAML_VERSION with $(go version | cut -d' ' -f3) (GOMODCACHE=$(go env GOMODCACHE), GOCACHE=$(go env GOCACHE))"
say "step 1/2: the module's go.mod (checks the local Go first; a cold module cache then downloads ~90 modules)"
# Outside any module: `go mod download` and `go install pkg@version` then ignore a go.mod in a parent directory.
cd "$CACHE_DIR"
MOD_GOMOD="$(module_gomod "$MODULE@v$PULUMI_YAML_VERSION")"
require_go "$(go_mod_go_line "$MOD_GOMOD")" "$MODULE v$PULUMI_YAML_VERSION"

say "step 2/2: go install $MAIN_PKG@v$PULUMI_YAML_VERSION (cold: minutes; warm cache: a relink)"
tmp_bin="$CACHE_DIR/.install.$$"
rm -rf "$tmp_bin" "$HOST"
LDFLAGS="-s -w -X $MODULE/pkg/version.Version=v$PULUMI_YAML_VERSION"
if ! GOBIN="$tmp_bin" go_build_with_progress "" go install -v -ldflags "$LDFLAGS" "$MAIN_PKG@v$PULUMI_YAML_VERSION"; then
  rm -rf "$tmp_bin"
  die "go install failed (see the messages above)"
fi
mv -f "$tmp_bin/pulumi-language-yaml" "$HOST"
rm -rf "$tmp_bin"
say "built $HOST ($(du -m "$HOST" | cut -f1) MB)"
finish "built with go"
