#!/usr/bin/env bash
# Jaeger v2 for `npm run start:cluster` and `npm run test:cluster` (the trace store the services send
# their OTLP traces to, docs/operations.md "Traces"): built with Go from the Go module proxy at the
# version pinned in deploy/tools/jaeger/go.mod (module github.com/jaegertracing/jaeger v1.75.0 = Jaeger
# v2.12.0), into the git-ignored .tools/jaeger/.
# First build (measured 2026-12-06 on 2 cores shared with five other builds and test runs): 28 min,
# +1.2 GB in Go's module cache and +1.4 GB in its build cache, a 121 MB binary. Go caches it: a
# rebuild takes about a minute (linking), and a second run of this script finds the binary and does
# nothing. The UI's assets are not built in (they need npm): its HTTP API, which the tests and the
# docs use, is all there.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(awk '$1 == "github.com/jaegertracing/jaeger" { print $2 }' "$root/deploy/tools/jaeger/go.mod")"
dir="$root/.tools/jaeger"
stamp="$dir/.installed-$version"

say() { printf '[setup-jaeger] %s\n' "$*"; }

if [ -f "$stamp" ] && [ -x "$dir/jaeger" ]; then
  say "Jaeger $version already in .tools/jaeger; nothing to build"
  exit 0
fi
command -v go >/dev/null 2>&1 || { say "ERROR: Go is needed to build Jaeger $version: put go on PATH"; exit 1; }
say "building Jaeger $version with $(go version | cut -d' ' -f3) (first time: many minutes)"
started=$(date +%s)
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT
(cd "$root/deploy/tools/jaeger" && go build -o "$build/" github.com/jaegertracing/jaeger/cmd/jaeger) || {
  say "ERROR: go build of Jaeger $version failed (is the Go module proxy reachable? see GOPROXY)"
  exit 1
}
mkdir -p "$dir"
rm -f "$dir"/.installed-*
mv "$build/jaeger" "$dir/"
"$dir/jaeger" version >/dev/null 2>&1 || { say "ERROR: the built jaeger does not run"; exit 1; }
touch "$stamp"
say "built in $(( $(date +%s) - started )) s"
