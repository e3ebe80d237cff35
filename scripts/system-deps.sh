#!/usr/bin/env bash
# System packages the test suite uses: LibreOffice (.doc conversion, PDF fixtures), CJK fonts,
# Chromium (the HTML report and the web app opened headless; Playwright drives it, it never
# downloads a browser of its own) and PostgreSQL (the store's tests start a private
# server). Installed only when missing, and only where apt-get can run as root.
set -euo pipefail
packages=()
if ! command -v soffice >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then
  packages+=(libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk fontconfig)
fi
if ! command -v chromium >/dev/null 2>&1; then
  packages+=(chromium)
fi
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  packages+=(postgresql)
fi
if [ ${#packages[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "note: missing ${packages[*]} and apt-get unavailable; tests that need them will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
