#!/usr/bin/env bash
# Prometheus and promtool for `npm run start:cluster` and `npm run test:cluster` (the alert rules'
# checks, the scrape of every process): built with Go from the Go module proxy at the version pinned
# in deploy/tools/go.mod (Prometheus 3.x is the module github.com/prometheus/prometheus v0.3xx; its
# replace directive rules out `go install …@version`), into the git-ignored .tools/prometheus/.
# First build: ~25 min on 2 shared cores next to other builds (both programs; Go caches it), a few
# seconds afterwards; a second run finds the binaries and does nothing. The web UI is not built in
# (it needs npm assets): the HTTP API, which the tests and the docs use, is all there.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(awk '$1 == "github.com/prometheus/prometheus" { print $2 }' "$root/deploy/tools/go.mod")"
dir="$root/.tools/prometheus"
stamp="$dir/.installed-$version"

say() { printf '[setup-prometheus] %s\n' "$*"; }

if [ -f "$stamp" ] && [ -x "$dir/prometheus" ] && [ -x "$dir/promtool" ]; then
  say "Prometheus $version already in .tools/prometheus; nothing to build"
  exit 0
fi
command -v go >/dev/null 2>&1 || { say "ERROR: Go is needed to build Prometheus $version: put go on PATH"; exit 1; }
say "building Prometheus and promtool $version with $(go version | cut -d' ' -f3) (first time: many minutes)"
started=$(date +%s)
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT
(cd "$root/deploy/tools" && go build -o "$build/" github.com/prometheus/prometheus/cmd/prometheus github.com/prometheus/prometheus/cmd/promtool) || {
  say "ERROR: go build of Prometheus $version failed (is the Go module proxy reachable? see GOPROXY)"
  exit 1
}
mkdir -p "$dir"
rm -f "$dir"/.installed-*
mv "$build/prometheus" "$build/promtool" "$dir/"
"$dir/promtool" --version >/dev/null || { say "ERROR: the built promtool does not run"; exit 1; }
touch "$stamp"
say "built in $(( $(date +%s) - started )) s"
