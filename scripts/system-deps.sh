#!/usr/bin/env bash
# System packages the test suite uses: LibreOffice (.doc conversion, PDF fixtures), CJK fonts and
# Chromium (the HTML report opened headless).
# Installed only when missing, and only where apt-get can run as root.
set -euo pipefail
if command -v soffice >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "noto.*cjk" \
   && command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "note: LibreOffice/CJK fonts/Chromium missing and apt-get unavailable; tests that need them will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk fontconfig chromium >/dev/null
