#!/usr/bin/env bash
# Makes sure Debian's nginx and its brotli_static module (the production recipe, deploy/nginx/) are on
# this machine, for the tests that serve the built site through it; prints nginx's path.
set -euo pipefail
MODULE=/usr/lib/nginx/modules/ngx_http_brotli_static_module.so

if [ -x /usr/sbin/nginx ] && [ -f "$MODULE" ]; then echo /usr/sbin/nginx; exit 0; fi

echo "Installing Debian's nginx and libnginx-mod-http-brotli-static…" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >&2
$SUDO apt-get install -y -q --no-install-recommends nginx libnginx-mod-http-brotli-static >&2
# The package may start the stock server on port 80; the tests run their own on loopback.
$SUDO sh -c 'command -v service >/dev/null && service nginx stop' >/dev/null 2>&1 || true
[ -x /usr/sbin/nginx ] && [ -f "$MODULE" ] && { echo /usr/sbin/nginx; exit 0; }
echo "Could not install nginx; the nginx recipe tests will fail." >&2
exit 1
