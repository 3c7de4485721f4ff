#!/usr/bin/env bash
# What `npm run start:cluster` and `npm run test:cluster` need beyond scripts/setup-temporal.sh:
#  - Temporal Server and its SQL schema tool, built by `go install` from the Go module proxy at the
#    pinned version into the git-ignored .tools/temporal-server/ (first build ~8 min on 2 cores; Go
#    caches it, and a second run of this script finds the binaries and does nothing);
#  - PostgreSQL (Debian's `postgresql` package), installed with apt-get when missing and run as root;
#  - Prometheus and promtool (scripts/setup-prometheus.sh);
#  - Jaeger, the trace store (scripts/setup-jaeger.sh).
# Same server version as docker-compose.yml (temporalio/server) and the dev server of the CLI.
set -euo pipefail

TEMPORAL_SERVER_VERSION=1.32.0 # = the dev server of temporal CLI 1.9.1 (scripts/setup-temporal.sh)

root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/.tools/temporal-server"
stamp="$dir/.installed-$TEMPORAL_SERVER_VERSION"

say() { printf '[setup-cluster] %s\n' "$*"; }

if [ -f "$stamp" ] && [ -x "$dir/temporal-server" ] && [ -x "$dir/temporal-sql-tool" ]; then
  say "Temporal Server $TEMPORAL_SERVER_VERSION and temporal-sql-tool already in .tools/temporal-server; nothing to build"
else
  command -v go >/dev/null 2>&1 || {
    say "ERROR: Go is needed to build Temporal Server $TEMPORAL_SERVER_VERSION (it asks for Go 1.26.8; an older go fetches that toolchain through the module proxy): put go on PATH"
    exit 1
  }
  say "building Temporal Server $TEMPORAL_SERVER_VERSION and temporal-sql-tool with $(go version | cut -d' ' -f3) (first time: several minutes)"
  started=$(date +%s)
  build="$(mktemp -d)"
  trap 'rm -rf "$build"' EXIT
  GOBIN="$build" go install \
    "go.temporal.io/server/cmd/server@v$TEMPORAL_SERVER_VERSION" \
    "go.temporal.io/server/cmd/tools/sql@v$TEMPORAL_SERVER_VERSION" || {
    say "ERROR: go install of go.temporal.io/server@v$TEMPORAL_SERVER_VERSION failed (is the Go module proxy reachable? see GOPROXY)"
    exit 1
  }
  mkdir -p "$dir"
  rm -f "$dir"/.installed-*
  mv "$build/server" "$dir/temporal-server"
  mv "$build/sql" "$dir/temporal-sql-tool"
  "$dir/temporal-sql-tool" --version >/dev/null || { say "ERROR: the built temporal-sql-tool does not run"; exit 1; }
  touch "$stamp"
  say "built in $(( $(date +%s) - started )) s: $("$dir/temporal-sql-tool" --version)"
fi

if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  say "PostgreSQL found: $(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  say "installing PostgreSQL (Debian package postgresql)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  # the package's own cluster (port 5432, started by the service manager) is not used
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || { say "ERROR: apt-get installed postgresql but no initdb under /usr/lib/postgresql"; exit 1; }
else
  say "ERROR: PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): as root, apt-get install postgresql"
  exit 1
fi

bash "$root/scripts/setup-prometheus.sh"
bash "$root/scripts/setup-jaeger.sh"
