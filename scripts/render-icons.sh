#!/usr/bin/env bash
# Renders the application icon's vector source (assets/sluice.svg) into the PNG sizes desktops
# use (assets/icons/sluice-SIZE.png). Needs rsvg-convert (Debian: librsvg2-bin).
#   scripts/render-icons.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v rsvg-convert >/dev/null || { echo "render-icons: install librsvg2-bin for rsvg-convert" >&2; exit 1; }
for size in 16 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" assets/sluice.svg -o "assets/icons/sluice-$size.png"
done
