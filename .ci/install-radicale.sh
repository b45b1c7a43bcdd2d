#!/usr/bin/env bash
# The CalDAV client's tests (src/importers/caldav) run against a real Radicale server, and one of
# them makes a self-signed certificate with openssl. Installs whichever is missing; does nothing
# when both are there, so it is safe to call on every CI run.
set -euo pipefail

missing=()
command -v radicale >/dev/null 2>&1 || missing+=(radicale)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "Installing ${missing[*]} for the CalDAV tests"
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
radicale --version >/dev/null
