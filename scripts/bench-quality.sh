#!/usr/bin/env bash
# Benchmark: 20 DQDL rules of a data-quality node evaluated by `sluice check` over the ~1 GB
# order-lines CSV, against the same checks written by hand in Polars lazy (one query), in the
# same script, interleaved; prints medians and the ratio.
#   scripts/bench-quality.sh    (ROWS=20000000 by default: ~1 GB of CSV; REPEATS=5)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sluice/target}"
ROWS="${ROWS:-20000000}"
REPEATS="${REPEATS:-5}"
WORK=bench/work
cargo build --release --locked --bin sluice --example bench_baseline --example bench_quality
SLUICE="$CARGO_TARGET_DIR/release/sluice"
if [ ! -f "$WORK/order_lines.csv" ] || [ "$(cat "$WORK/rows" 2>/dev/null)" != "$ROWS" ]; then
  rm -rf "$WORK"
  "$CARGO_TARGET_DIR/release/examples/bench_baseline" generate "$WORK" "$ROWS"
  echo "$ROWS" > "$WORK/rows"
fi
# The check records its values in a history beside the pipeline; keep it out of the tree.
trap 'rm -f bench/pipeline_quality.history.toml' EXIT
echo "command: ROWS=$ROWS REPEATS=$REPEATS scripts/bench-quality.sh ($(nproc) cores), input $(( $(stat -c %s "$WORK/order_lines.csv") / 1024 / 1024 )) MB"
results=$(mktemp)
python3 bench/measure.py "$REPEATS" \
  :: polars_checks "$CARGO_TARGET_DIR/release/examples/bench_quality" "$WORK/order_lines.csv" \
  :: sluice_check "$SLUICE" check bench/pipeline_quality.sluice.toml | tee "$results"
python3 - "$results" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    label, *values = line.strip().split("\t")
    rows[label] = [float(v) for v in values]
ratio = rows["sluice_check"][0] / rows["polars_checks"][0]
print(f"20 rules: sluice check {rows['sluice_check'][0]:.0f} ms, hand-written Polars {rows['polars_checks'][0]:.0f} ms: {ratio:.2f}x (target <= 1.2x)")
PY
