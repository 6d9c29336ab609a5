#!/usr/bin/env bash
# Benchmark: Sluice against a hand-written Polars program and DuckDB on a ~1 GB order-lines file.
# Prints median wall time and peak memory of each, and the ratios the targets are stated in.
#   scripts/bench.sh    (ROWS=20000000 by default: ~1 GB of CSV; set ROWS lower for a quick look)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sluice/target}"
ROWS="${ROWS:-20000000}"
REPEATS="${REPEATS:-5}"
WORK=bench/work
VENV="$HOME/.cache/sluice/bench-venv"

# Built together, so features unify the same way every time (the examples' dev-dependencies
# turn on the `testing` hooks, which touch only the window's canvas, not previews or runs).
cargo build --release --locked --bin sluice --example bench_baseline
SLUICE="$CARGO_TARGET_DIR/release/sluice"
BASELINE="$CARGO_TARGET_DIR/release/examples/bench_baseline"
if [ ! -f "$WORK/order_lines.parquet" ] || [ "$(cat "$WORK/rows" 2>/dev/null)" != "$ROWS" ]; then
  rm -rf "$WORK"
  "$BASELINE" generate "$WORK" "$ROWS"
  echo "$ROWS" > "$WORK/rows"
fi
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet duckdb
fi
CSV_MB=$(( $(stat -c %s "$WORK/order_lines.csv") / 1024 / 1024 ))
echo "input: $ROWS rows, order_lines.csv $CSV_MB MB, order_lines.parquet $(( $(stat -c %s "$WORK/order_lines.parquet") / 1024 / 1024 )) MB"

results=$(mktemp)
M="python3 bench/measure.py $REPEATS"
{
  $M :: floor_head_101 head -n 101 "$WORK/order_lines.csv" \
     :: polars_head "$BASELINE" head "$WORK/order_lines.csv" \
     :: sluice_preview "$SLUICE" preview bench/pipeline_csv.sluice.toml --node lines --rows 100 \
     :: sluice_preview_same_options "$SLUICE" preview bench/preview_polars_options.sluice.toml --node lines --rows 100
  $M :: polars_pipeline_csv "$BASELINE" pipeline "$WORK" csv \
     :: sluice_run_csv "$SLUICE" run bench/pipeline_csv.sluice.toml --engine streaming
  $M :: polars_pipeline_parquet "$BASELINE" pipeline "$WORK" parquet \
     :: sluice_run_parquet "$SLUICE" run bench/pipeline_parquet.sluice.toml --engine streaming
} | tee "$results"
for task in head pipeline-csv pipeline-parquet; do
  printf "duckdb_%s\t%s\n" "$task" "$("$VENV/bin/python" bench/duckdb_baseline.py "$task" "$WORK")"
done | tee -a "$results"

python3 - "$results" "$CSV_MB" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    label, *values = line.strip().split("\t")
    rows[label] = [float(v) for v in values]
csv_mb = float(sys.argv[2])
wall = lambda label: rows[label][0]
print()
print("wall time ratios (medians, same script, interleaved rounds):")
print(f"  preview 100 rows of the CSV, same reader options as Polars' defaults: sluice / hand-written Polars scan+head = {wall('sluice_preview_same_options') / wall('polars_head'):.2f}x (target <= 1.2x)")
print(f"  preview 100 rows of the CSV, Sluice's defaults (1,000 rows of type inference, ISO dates detected): {wall('sluice_preview') / wall('polars_head'):.2f}x; sluice {wall('sluice_preview'):.0f} ms for the whole command (target < 100 ms); floor (head -n 101) {wall('floor_head_101'):.1f} ms")
print(f"  run from CSV: sluice / Polars streaming = {wall('sluice_run_csv') / wall('polars_pipeline_csv'):.2f}x (target <= 1.1x); sluice / DuckDB query = {wall('sluice_run_csv') / wall('duckdb_pipeline-csv'):.2f}x")
print(f"  run from Parquet: sluice / Polars streaming = {wall('sluice_run_parquet') / wall('polars_pipeline_parquet'):.2f}x; sluice / DuckDB query = {wall('sluice_run_parquet') / wall('duckdb_pipeline-parquet'):.2f}x")
print(f"  preview: DuckDB query {wall('duckdb_head'):.0f} ms (Python start not counted)")
print("peak memory of the runs from CSV (input %.0f MB):" % csv_mb)
for label in ("sluice_run_csv", "polars_pipeline_csv"):
    rss, anon = rows[label][1], rows[label][2]
    print(f"  {label}: heap {anon:.0f} MB = {anon / csv_mb * 100:.0f}% of the input (target < 40%); RSS with the memory-mapped input {rss:.0f} MB")
PY
