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
# The local AWS emulator and pyspark are installed into Python virtual environments; Spark needs
# a Java 17 runtime.
PYTHON_PACKAGES="python3 python3-venv"
command -v java >/dev/null 2>&1 || PYTHON_PACKAGES="$PYTHON_PACKAGES openjdk-17-jre-headless"
missing=""
for package in $WINDOW_PACKAGES $PYTHON_PACKAGES; do
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
# The S3 tests talk to moto, a local AWS emulator, installed in a virtual environment of its own
# and started on a free loopback port; it is stopped by its PID when the tests end.
MOTO_VENV="${MOTO_VENV:-$HOME/.cache/sluice/moto-venv}"
if [ ! -x "$MOTO_VENV/bin/moto_server" ]; then
  echo "installing moto (the local AWS emulator) into $MOTO_VENV"
  python3 -m venv "$MOTO_VENV"
  "$MOTO_VENV/bin/pip" install --quiet 'moto[server]==5.2.5'
fi
# Generated Glue scripts run in local pyspark (Spark 3.5, as Glue 5 runs) for the parity tests.
SPARK_VENV="${SPARK_VENV:-$HOME/.cache/sluice/spark-venv}"
if [ ! -x "$SPARK_VENV/bin/python" ] || ! "$SPARK_VENV/bin/python" -c 'import pyspark' 2>/dev/null; then
  echo "installing pyspark into $SPARK_VENV"
  python3 -m venv "$SPARK_VENV"
  "$SPARK_VENV/bin/pip" install --quiet 'pyspark==3.5.9'
fi
export SLUICE_SPARK_PYTHON="$SPARK_VENV/bin/python"
# `sluice aws-local start` (tested) runs the same moto.
export SLUICE_MOTO_PYTHON="$MOTO_VENV/bin/python"
export SPARK_LOCAL_IP=127.0.0.1
MOTO_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
moto_log=$(mktemp)
# assets/aws-local/moto_server.py is moto's server with the Glue calls moto lacks (update_job,
# update_crawler, update_trigger, data-quality rulesets) added; `sluice aws-local` runs it too.
"$MOTO_VENV/bin/python" assets/aws-local/moto_server.py -H 127.0.0.1 -p "$MOTO_PORT" >"$moto_log" 2>&1 &
MOTO_PID=$!
trap 'kill "$MOTO_PID" 2>/dev/null || true; rm -f "$moto_log"' EXIT
for _ in $(seq 1 100); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$MOTO_PORT/moto-api/', timeout=1)" 2>/dev/null && break
  kill -0 "$MOTO_PID" 2>/dev/null || { cat "$moto_log"; echo "moto did not start" >&2; exit 1; }
  sleep 0.1
done
# Every AWS call of the tests goes to that server, with credentials that mean nothing elsewhere;
# the instance-metadata address is never probed.
export AWS_ENDPOINT_URL="http://127.0.0.1:$MOTO_PORT"
export AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=testing
export AWS_SECRET_ACCESS_KEY=testing
export AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE=/dev/null
export AWS_SHARED_CREDENTIALS_FILE=/dev/null

export WGPU_BACKEND="${WGPU_BACKEND:-vulkan}"
runtime_dir=$(mktemp -d)
chmod 700 "$runtime_dir"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$runtime_dir}"
# Tests never touch the person's own settings.
export SLUICE_CONFIG_DIR="$runtime_dir/config"
scripts/check.sh
