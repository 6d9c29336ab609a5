#!/usr/bin/env bash
# Benchmark: the crawler on a generated tree of small partitioned files (CSV, NDJSON, Parquet),
# against the floor measured in the same process (list the tree and read only the sampled
# bytes). Prints a table of medians: files per second and the ratio of the crawl's speed to the
# floor's.
#   scripts/bench-crawl.sh    (FILES=10000 and REPEATS=5 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sluice/target}"
FILES="${FILES:-10000}"
REPEATS="${REPEATS:-5}"
WORK=bench/work-crawl
cargo build --release --locked --example bench_crawl
BENCH="$CARGO_TARGET_DIR/release/examples/bench_crawl"
if [ "$(cat "$WORK/files" 2>/dev/null)" != "$FILES" ]; then
  rm -rf "$WORK"
  mkdir -p "$WORK"
  "$BENCH" generate "$WORK/tree" "$FILES"
  echo "$FILES" > "$WORK/files"
fi
echo "command: FILES=$FILES REPEATS=$REPEATS scripts/bench-crawl.sh ($(nproc) cores)"
"$BENCH" measure "$WORK/tree" "$REPEATS"
