# Sourced (not run) by the toolchain scripts that build Go binaries from the Go module proxy: ensure-pulumi.sh,
# ensure-pulumi-yaml.sh, ensure-go-programs.sh. The caller sets TOOL (its name in messages) first.
# Never downloads a Go toolchain: GOTOOLCHAIN=local, and the local Go is checked against the module's `go` line
# before any build, so an old Go stops with what to install instead of failing later, less clearly.

export GOTOOLCHAIN=local GOFLAGS="${GOFLAGS:--buildvcs=false}"

T0=$SECONDS
say() { printf '[%s %4ss] %s\n' "$TOOL" "$((SECONDS - T0))" "$*" >&2; } # progress, on stderr
die() { printf '%s: error: %s\n' "$TOOL" "$*" >&2; exit 1; }

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
