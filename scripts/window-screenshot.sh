#!/usr/bin/env bash
# Starts the real `sluice` window under Xvfb on the bundled sample with --screenshot, then checks
# the picture shows the canvas (nodes in their category colours), not a blank window.
#   scripts/window-screenshot.sh [SLUICE_BINARY] [OUT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
SLUICE="${1:-${CARGO_TARGET_DIR:-target}/debug/sluice}"
OUT="${2:-$(mktemp -d)/window.png}"
for tool in xvfb-run Xvfb; do
  command -v "$tool" >/dev/null || { echo "window-screenshot: $tool is missing; scripts/test.sh installs it" >&2; exit 1; }
done
runtime=$(mktemp -d)
chmod 700 "$runtime"
trap 'rm -rf "$runtime"' EXIT
rm -f "$OUT"
env -u WAYLAND_DISPLAY XDG_RUNTIME_DIR="$runtime" WGPU_BACKEND=vulkan SLUICE_CONFIG_DIR="$runtime/config" \
  timeout 120 xvfb-run -a -s "-screen 0 1400x860x24" "$SLUICE" --screenshot "$OUT"
[ -s "$OUT" ] || { echo "window-screenshot: no picture was written to $OUT" >&2; exit 1; }
python3 scripts/check_screenshot.py "$OUT"
