#!/usr/bin/env bash
# Take a fresh Debian machine (Python 3.11, root) to a working `assess` in .venv/.
#   bash scripts/bootstrap.sh         the tool
#   bash scripts/bootstrap.sh --dev   the tool plus what the tests need
# Safe to run again: it installs only what is missing, and leaves .venv/ holding exactly uv.lock.
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

# System libraries WeasyPrint needs (Pango for text layout, HarfBuzz's subsetter for
# small PDFs, a font), and the tools the tests drive (poppler for pdftotext and
# friends, tmux for the terminal, PostgreSQL for the database tests, Chromium for the browser tests,
# LibreOffice's headless Writer to convert the DOCX and ODT reports to PDF in a test). Checked first so a
# ready machine does no apt work.
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core fontconfig)
[ "$dev" = 1 ] && packages+=(poppler-utils tmux postgresql chromium libreoffice-writer-nogui)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing system packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The Python packages are the exact versions in uv.lock, checked against its hashes, so an install made
# on any date is the one the tests passed with. uv itself is pinned by hash in scripts/uv-requirements.txt.
eval "$(bash scripts/uv.sh env)"
if [ "$dev" = 1 ]; then
  "$UV" sync --frozen --extra dev --quiet
else
  "$UV" sync --frozen --no-editable --quiet
fi
echo "bootstrap: ready ($(.venv/bin/assess --version))"
