#!/usr/bin/env bash
# The test command for a fresh machine: installs what the tests need, then runs scripts/check.sh.
# The cargo target folder lives outside the checkout (reused between runs) unless
# CARGO_TARGET_DIR says otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sluice/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
mkdir -p "$CARGO_TARGET_DIR"

# The window tests need a virtual display (Xvfb) and a software Vulkan driver (lavapipe) for
# image snapshots and the real window; install them when missing.
WINDOW_PACKAGES="xvfb xauth libx11-6 libxcursor1 libx11-xcb1 libxi6 libxkbcommon-x11-0 libvulkan1 mesa-vulkan-drivers"
missing=""
for package in $WINDOW_PACKAGES; do
  dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"
done
if [ -n "$missing" ]; then
  echo "installing:$missing"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get install -y -q $missing >/dev/null 2>&1 || {
    $SUDO apt-get update -q >/dev/null
    $SUDO apt-get install -y -q $missing >/dev/null
  }
fi
export WGPU_BACKEND="${WGPU_BACKEND:-vulkan}"
runtime_dir=$(mktemp -d)
chmod 700 "$runtime_dir"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$runtime_dir}"
# Tests never touch the person's own settings.
export SLUICE_CONFIG_DIR="$runtime_dir/config"
exec scripts/check.sh
