#!/usr/bin/env bash
# Benchmark of the window: frame CPU time for 100, 1,000 and 5,000 nodes (release build), and
# process start to first frame under Xvfb, each against a baseline run in the same script.
#   scripts/bench-window.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sluice/target}"
REPEATS="${REPEATS:-5}"
# The release binaries are built together, so features unify the same way every time (the
# examples' dev-dependencies turn on the `testing` hooks: the canvas notes where it drew each
# pin, a map insert per pin drawn, included in the figures).
cargo build --release --locked --bin sluice --example bench_baseline --example bench_frames --example first_frame_baseline
RELEASE="$CARGO_TARGET_DIR/release"

echo "== frame CPU time (egui layout + tessellation, $((240)) frames per case)"
"$RELEASE/examples/bench_frames" 100 1000 5000

echo "== process start to first frame (Xvfb, lavapipe)"
runtime=$(mktemp -d)
chmod 700 "$runtime"
export XDG_RUNTIME_DIR="$runtime" WGPU_BACKEND=vulkan SLUICE_CONFIG_DIR="$runtime/config"
unset WAYLAND_DISPLAY
xvfb-run -a -s "-screen 0 1400x860x24" python3 bench/first_frame.py "$REPEATS" \
  :: eframe_hello "$RELEASE/examples/first_frame_baseline" \
  :: sluice_sample "$RELEASE/sluice" --screenshot "$runtime/shot.png"
rm -rf "$runtime"
