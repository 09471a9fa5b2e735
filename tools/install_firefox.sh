#!/usr/bin/env bash
# Makes sure Debian's Firefox ESR is on this machine, for the Firefox suite (tests/firefox, driven by
# Puppeteer over WebDriver BiDi); prints its path.
set -euo pipefail
FIREFOX=/usr/bin/firefox-esr

if [ -n "${MICSENTRY_FIREFOX:-}" ]; then
  [ -x "$MICSENTRY_FIREFOX" ] && { echo "$MICSENTRY_FIREFOX"; exit 0; }
  echo "MICSENTRY_FIREFOX=$MICSENTRY_FIREFOX is not an executable" >&2; exit 1
fi
[ -x "$FIREFOX" ] && { echo "$FIREFOX"; exit 0; }

echo "Installing Debian's firefox-esr…" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >&2
$SUDO apt-get install -y -q --no-install-recommends firefox-esr >&2
[ -x "$FIREFOX" ] && { echo "$FIREFOX"; exit 0; }
echo "Could not install firefox-esr; the Firefox suite will fail." >&2
exit 1
