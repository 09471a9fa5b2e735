#!/usr/bin/env bash
# Makes sure a Chromium for the end-to-end tests is on this machine and prints its path.
# Order: $MICSENTRY_CHROMIUM, Playwright's own Chromium, the system's, Playwright's download,
# then Debian's `chromium` package (for machines where Playwright cannot download browsers).
set -euo pipefail
PY=${1:-.venv/bin/python}

found() { echo "$1"; exit 0; }

if [ -n "${MICSENTRY_CHROMIUM:-}" ]; then
  [ -x "$MICSENTRY_CHROMIUM" ] && found "$MICSENTRY_CHROMIUM"
  echo "MICSENTRY_CHROMIUM=$MICSENTRY_CHROMIUM is not an executable" >&2; exit 1
fi

playwright_chromium() {
  "$PY" - <<'PYEOF' 2>/dev/null
import os
from playwright.sync_api import sync_playwright
with sync_playwright() as p:
    path = p.chromium.executable_path
print(path if os.path.exists(path) else "")
PYEOF
}

path=$(playwright_chromium || true)
[ -n "$path" ] && found "$path"
for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
  [ -x "$candidate" ] && found "$candidate"
done

echo "No Chromium found: trying Playwright's download…" >&2
if timeout 300 "$PY" -m playwright install chromium >&2 2>&1; then
  path=$(playwright_chromium || true)
  [ -n "$path" ] && found "$path"
fi

echo "Playwright could not download Chromium: installing Debian's chromium package…" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >&2
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core >&2
[ -x /usr/bin/chromium ] && found /usr/bin/chromium
echo "Could not install Chromium; set MICSENTRY_CHROMIUM to a Chromium or Chrome executable." >&2
exit 1
