#!/usr/bin/env bash
# Makes sure a headless Chromium is available for the web app's browser tests (test/browser/web.test.ts):
# Debian's `chromium` package, driven by playwright-core. No browser is downloaded from anywhere
# but the system's own package repositories.
#
# Idempotent: does nothing when the browser is there. CHROMIUM_PATH: a Chromium you already have.
set -euo pipefail

say() { printf '[setup-browser] %s\n' "$*"; }
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"

if [ -x "$browser" ]; then
  say "using $browser; nothing to install"
  exit 0
fi
if [ -n "${CHROMIUM_PATH:-}" ]; then
  say "ERROR: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file"
  exit 1
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  say "installing Debian's chromium and chromium-l10n packages (apt-get)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-l10n >/dev/null # l10n: Swedish UI and date inputs
  [ -x "$browser" ] && { say "installed $browser"; exit 0; }
fi
say "ERROR: no Chromium at $browser. Install it (Debian/Ubuntu: sudo apt-get install chromium chromium-l10n) or set CHROMIUM_PATH."
exit 1
