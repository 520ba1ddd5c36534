# Sourced (not run) by the toolchain scripts that build Go binaries from the Go module proxy: ensure-pulumi.sh,
# ensure-pulumi-yaml.sh, ensure-go-programs.sh, ensure-codegen.sh. The caller sets TOOL (its name in messages) first.
# Never downloads a Go toolchain: GOTOOLCHAIN=local, and the local Go is checked against the module's `go` line
# before any build, so an old Go stops with what to install instead of failing later, less clearly.

export GOTOOLCHAIN=local GOFLAGS="${GOFLAGS:--buildvcs=false}"

T0=$SECONDS
say() { printf '[%s %4ss] %s\n' "$TOOL" "$((SECONDS - T0))" "$*" >&2; } # progress, on stderr
die() { printf '%s: error: %s\n' "$TOOL" "$*" >&2; exit 1; }

# parse_args "<accepted flags>" "$@": the scripts' command line. -h/--help prints the caller's header comment (the
# comment lines after the #! line); --build, where accepted, sets FORCE_BUILD=1 (ignore a binary on
# PATH); --install-plugin sets INSTALL_PLUGIN=1; --print-bin-dir, where accepted, is the default behaviour, named for
# readable callers. Anything else: exit 2.
FORCE_BUILD=0
INSTALL_PLUGIN=0
parse_args() {
  local accepted=" $1 " arg
  shift
  for arg in "$@"; do
    case "$arg" in
      -h|--help) awk 'NR > 1 { if (!/^#/) exit; sub(/^# ?/, ""); print }' "${BASH_SOURCE[1]}"; exit 0 ;;
      *) [[ "$accepted" == *" $arg "* ]] || { echo "$TOOL: unknown argument: $arg" >&2; exit 2; } ;;
    esac
    case "$arg" in
      --build) FORCE_BUILD=1 ;;
      --install-plugin) INSTALL_PLUGIN=1 ;;
    esac
  done
}

# hold_lock <dir>: several processes (jest workers, CI steps) may run the same script at once: one does the work,
# the others wait for it here.
hold_lock() {
  exec 9>"$1/.lock"
  if ! flock -n 9; then
    say "another $TOOL run holds $1/.lock; waiting for it"
    flock 9
  fi
}

# module_gomod <module@version>: downloads the module (Go's module cache) and prints the path of its go.mod. Run it
# outside any module (a module's go line could make an older Go refuse before require_go can say why).
module_gomod() {
  go mod download -json "$1" | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const j = JSON.parse(s);
      if (j.Error) { console.error(j.Error); process.exit(1); }
      console.log(j.GoMod);
    });' || die "could not download $1 from the Go module proxy"
}

# go_mod_go_line <go.mod file>: the module's `go` line (the oldest Go that builds it).
go_mod_go_line() {
  go mod edit -json "$1" | node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>console.log(JSON.parse(s).Go))'
}

# require_go <needed> <what> [<other way out>]: dies unless the local go is at least <needed>.
require_go() {
  local needed="$1" what="$2" alternative="${3:-}" have
  have="$(go env GOVERSION)"
  have="${have#go}"
  have="${have%%[-+ ]*}"
  if [ "$(printf '%s\n%s\n' "$needed" "$have" | sort -V | head -n 1)" != "$needed" ]; then
    die "$what needs Go >= $needed (the 'go' line of its go.mod); this machine's go is $have ($(command -v go)).
  Install Go >= $needed (https://go.dev/doc/install) and put it first on PATH${alternative:+, $alternative}.
  (GOTOOLCHAIN=local on purpose: these scripts never download a Go toolchain.)"
  fi
  say "$what needs Go >= $needed: go $have is enough"
}

# go_build_with_progress <total or ""> <go build|install -v ...>: runs the command; -v names each package as it is
# compiled (packages from the build cache are not named): a progress line every 100. Returns the command's status.
go_build_with_progress() {
  local total="$1"
  shift
  "$@" 2>&1 | {
    n=0 downloads=0
    while IFS= read -r line; do
      case "$line" in
        "go: downloading "*) downloads=$((downloads + 1)); [ $((downloads % 50)) -ne 0 ] || say "  downloaded $downloads modules" ;;
        *" "*|*:*) printf '%s\n' "$line" >&2 ;; # errors and notes, not package names
        *) n=$((n + 1)); [ $((n % 100)) -ne 0 ] || say "  compiled $n packages${total:+ (of at most $total)}" ;;
      esac
    done
    say "  compiled $n packages (the rest came from the build cache), downloaded $downloads modules"
  }
  return "${PIPESTATUS[0]}"
}

# build_go_module <module dir> <output binary> <what>: builds the main package of a module of this repository (its
# go.mod and go.sum committed): checks the local Go against the module's `go` line, downloads its dependencies
# (verified against go.sum), then `go build`s. Every run builds: Go's build cache recompiles only what changed and
# leaves an up-to-date binary alone, so an edited source is always the one that runs.
build_go_module() {
  local dir="$1" out="$2" what="$3" total
  command -v go >/dev/null 2>&1 || die "$what needs Go (https://go.dev/doc/install), version >= the 'go' line of $dir/go.mod"
  command -v node >/dev/null 2>&1 || die "node is not on PATH (Node.js >= 20 is required)"
  (
    cd "$dir"
    require_go "$(go_mod_go_line go.mod)" "$what"
    say "go mod download in $dir (a cold module cache downloads its modules, verified against go.sum)"
    go mod download || die "go mod download failed in $dir (see the messages above)"
    say "go build $what with $(go version | cut -d' ' -f3) (cold: minutes; warm cache: seconds)"
    total="$(go list -deps . 2>/dev/null | wc -l)"
    go_build_with_progress "$total" go build -v -o "$out" . || die "go build failed in $dir (see the messages above)"
  )
  say "ready: $out ($(du -m "$out" | cut -f1) MB)"
}
