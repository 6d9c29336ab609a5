#!/usr/bin/env bash
# Benchmark: the crawler on a generated tree of small partitioned files (CSV, NDJSON, Parquet),
# against the floor measured in the same process (list the tree and read only the sampled
# bytes); then the same tree in S3 on moto (the local AWS emulator), crawled by `sluice crawl`,
# with the number of requests it made, against `sluice crawl` of the local tree.
#   scripts/bench-crawl.sh    (FILES=10000, REPEATS=5 and S3_REPEATS=3 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sluice/target}"
FILES="${FILES:-10000}"
REPEATS="${REPEATS:-5}"
S3_REPEATS="${S3_REPEATS:-3}"
WORK=bench/work-crawl
MOTO_VENV="${MOTO_VENV:-$HOME/.cache/sluice/moto-venv}"
cargo build --release --locked --bin sluice --example bench_crawl
SLUICE="$CARGO_TARGET_DIR/release/sluice"
BENCH="$CARGO_TARGET_DIR/release/examples/bench_crawl"
if [ "$(cat "$WORK/files" 2>/dev/null)" != "$FILES" ]; then
  rm -rf "$WORK"
  mkdir -p "$WORK"
  "$BENCH" generate "$WORK/tree" "$FILES"
  echo "$FILES" > "$WORK/files"
fi
echo "command: FILES=$FILES REPEATS=$REPEATS S3_REPEATS=$S3_REPEATS scripts/bench-crawl.sh ($(nproc) cores)"
"$BENCH" measure "$WORK/tree" "$REPEATS"

# The same tree in S3, on moto started here and stopped by its PID.
if [ ! -x "$MOTO_VENV/bin/moto_server" ]; then
  python3 -m venv "$MOTO_VENV"
  "$MOTO_VENV/bin/pip" install --quiet 'moto[server]==5.2.5'
fi
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$MOTO_VENV/bin/moto_server" -H 127.0.0.1 -p "$PORT" >/dev/null 2>&1 &
MOTO_PID=$!
trap 'kill "$MOTO_PID" 2>/dev/null || true' EXIT
export AWS_ENDPOINT_URL="http://127.0.0.1:$PORT" AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=testing \
  AWS_SECRET_ACCESS_KEY=testing AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null \
  AWS_SHARED_CREDENTIALS_FILE=/dev/null
for _ in $(seq 1 100); do
  python3 -c "import urllib.request; urllib.request.urlopen('$AWS_ENDPOINT_URL/moto-api/', timeout=1)" 2>/dev/null && break
  sleep 0.1
done
"$MOTO_VENV/bin/python" - "$WORK/tree" <<'PY'
import os, sys, boto3
from concurrent.futures import ThreadPoolExecutor
tree = sys.argv[1]
s3 = boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT_URL"])
s3.create_bucket(Bucket="bench")
paths = [os.path.join(r, f) for r, _, fs in os.walk(tree) for f in fs]
with ThreadPoolExecutor(8) as pool:
    list(pool.map(lambda p: s3.upload_file(p, "bench", "tree/" + os.path.relpath(p, tree)), paths))
print(f"uploaded {len(paths)} files to s3://bench/tree")
PY
python3 - "$SLUICE" "$WORK/tree" "$S3_REPEATS" <<'PY'
import json, statistics, subprocess, sys, time
sluice, tree, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
def crawl(target):
    started = time.perf_counter()
    out = subprocess.run([sluice, "crawl", target, "--format", "json"], check=True, capture_output=True).stdout
    return time.perf_counter() - started, json.loads(out)
local, remote, report = [], [], None
for _ in range(repeats):
    local.append(crawl(tree)[0])
    seconds, report = crawl("s3://bench/tree")
    remote.append(seconds)
files = report["files_read"]
l, r = statistics.median(local), statistics.median(remote)
print("| crawl | files | median | files per second | requests |")
print("|---|---|---|---|---|")
print(f"| sluice crawl, local tree | {files} | {l*1000:.0f} ms | {files/l:.0f} | |")
print(f"| sluice crawl, same tree in S3 on moto | {files} | {r*1000:.0f} ms | {files/r:.0f} | {report['requests']} |")
print(f"S3 on moto takes {r/l:.1f}x the local crawl; {report['requests']/files:.2f} requests per file")
PY
