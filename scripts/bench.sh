#!/usr/bin/env bash
# Benchmark: Sluice against a hand-written Polars program and DuckDB on a ~1 GB order-lines file.
# Prints median wall time and peak memory of each, and the ratios the targets are stated in.
#   ROWS=17000000 scripts/bench.sh     (default ~1 GB of CSV; set ROWS lower for a quick look)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sluice/target}"
ROWS="${ROWS:-17000000}"
REPEATS="${REPEATS:-5}"
WORK=bench/work
VENV="$HOME/.cache/sluice/bench-venv"

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

measure() { python3 bench/measure.py "$@"; }
results=$(mktemp)
{
  measure floor_head_101 "$REPEATS" head -n 101 "$WORK/order_lines.csv"
  measure polars_head "$REPEATS" "$BASELINE" head "$WORK/order_lines.csv"
  measure sluice_preview "$REPEATS" "$SLUICE" preview bench/pipeline_csv.sluice.toml --node lines --rows 100
  measure polars_pipeline_csv "$REPEATS" "$BASELINE" pipeline "$WORK" csv
  measure sluice_run_csv "$REPEATS" "$SLUICE" run bench/pipeline_csv.sluice.toml --engine streaming
  measure polars_pipeline_parquet "$REPEATS" "$BASELINE" pipeline "$WORK" parquet
  measure sluice_run_parquet "$REPEATS" "$SLUICE" run bench/pipeline_parquet.sluice.toml --engine streaming
  measure sluice_run_csv_auto 1 "$SLUICE" run bench/pipeline_csv.sluice.toml
} | tee "$results"
for task in head pipeline-csv pipeline-parquet; do
  printf "duckdb_%s\t%s\t(in-process query time)\n" "$task" "$("$VENV/bin/python" bench/duckdb_baseline.py "$task" "$WORK")"
done | tee -a "$results"

python3 - "$results" "$CSV_MB" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    parts = line.split("\t")
    rows[parts[0]] = [float(p) for p in parts[1:3] if p.replace(".", "").isdigit()]
csv_mb = float(sys.argv[2])
def ratio(a, b):
    return rows[a][0] / rows[b][0]
print()
print(f"preview 100 rows: sluice / hand-written polars = {ratio('sluice_preview', 'polars_head'):.2f}x; sluice wall {rows['sluice_preview'][0]:.0f} ms (target < 100 ms)")
print(f"run from CSV: sluice / polars streaming = {ratio('sluice_run_csv', 'polars_pipeline_csv'):.2f}x (target <= 1.1x); / duckdb = {rows['sluice_run_csv'][0] / rows['duckdb_pipeline-csv'][0]:.2f}x")
print(f"run from Parquet: sluice / polars streaming = {ratio('sluice_run_parquet', 'polars_pipeline_parquet'):.2f}x; / duckdb = {rows['sluice_run_parquet'][0] / rows['duckdb_pipeline-parquet'][0]:.2f}x")
print(f"peak memory of sluice run from CSV: {rows['sluice_run_csv'][1]:.0f} MB = {rows['sluice_run_csv'][1] / csv_mb * 100:.0f}% of the input (target < 40%)")
PY
