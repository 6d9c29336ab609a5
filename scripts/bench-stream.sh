#!/usr/bin/env bash
# Benchmark of the stream runtime, each workload against a floor run in the same process:
# filter and map against a hand-written tokio program; a keyed window (10,000 keys) and the
# recommend stage (10,000 and 100,000 products) against the same operator in a plain loop;
# then the recommend path paced at 20,000 events a second: latency and resident memory.
#   scripts/bench-stream.sh            (PACED_SECONDS=600 for the ten-minute memory run)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sluice/target}"
EVENTS="${EVENTS:-1000000}"
REPEATS="${REPEATS:-3}"
PACED_SECONDS="${PACED_SECONDS:-30}"
cargo build --release --locked --example bench_stream --example bench_stream_workloads
RELEASE="$CARGO_TARGET_DIR/release/examples"
echo "== filter + map"
"$RELEASE/bench_stream" "$((EVENTS * 5))" "$REPEATS"
echo "== window and recommend"
"$RELEASE/bench_stream_workloads" "$EVENTS" "$REPEATS" "$PACED_SECONDS"
