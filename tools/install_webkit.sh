#!/usr/bin/env bash
# Makes sure WebKitGTK can be driven here, for the WebKit suite (tests/webkit, Selenium over
# WebKitWebDriver): Debian's webkit2gtk-driver (which brings libwebkit2gtk-4.1 and its MiniBrowser),
# Xvfb (MiniBrowser needs a display; its --headless hangs at session start) and the de_DE.UTF-8
# locale. Prints MiniBrowser's path.
set -euo pipefail

minibrowser() {
  if [ -n "${MICSENTRY_MINIBROWSER:-}" ]; then echo "$MICSENTRY_MINIBROWSER"; return; fi
  for candidate in /usr/lib/*/webkit2gtk-4.1/MiniBrowser; do [ -x "$candidate" ] && { echo "$candidate"; return; }; done
}
# WebKitGTK takes navigator.language from the process's locale, which must exist on the machine:
# the German test (LANG=de_DE.UTF-8) needs it compiled (from Debian's locales package).
german() { locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; }
ready() {
  MINIBROWSER=$(minibrowser)
  [ -n "$MINIBROWSER" ] && [ -x "$MINIBROWSER" ] && command -v WebKitWebDriver >/dev/null && command -v Xvfb >/dev/null \
    && german
}
ready && { echo "$MINIBROWSER"; exit 0; }

echo "Installing Debian's webkit2gtk-driver, xvfb and a German locale…" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >&2
$SUDO apt-get install -y -q --no-install-recommends webkit2gtk-driver xvfb xauth locales >&2
german || $SUDO localedef -i de_DE -f UTF-8 de_DE.UTF-8 >&2
ready && { echo "$MINIBROWSER"; exit 0; }
echo "Could not install WebKitGTK's driver; the WebKit suite will fail." >&2
exit 1
