#!/usr/bin/env bash
# Benchmark of deploy, in one script on one machine:
#  - plan and apply of the recommender sample against moto (the local AWS emulator, with the
#    Glue handlers assets/aws-local/moto_server.py adds), on an empty account and again with nothing
#    to change, then destroy; against `sluice deploy show` (the same process start and settings
#    read, no AWS call) as the floor;
#  - the generated Glue scripts of the sample run in local pyspark (one session, the second pass
#    timed: Spark warm), side by side with Sluice's own local run of the same sinks.
#   scripts/bench-deploy.sh            (ROUNDS=5 by default; SLUICE_BIN=PATH to time a given build)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sluice/target}"
ROUNDS="${ROUNDS:-5}"
MOTO_VENV="${MOTO_VENV:-$HOME/.cache/sluice/moto-venv}"
SPARK_VENV="${SPARK_VENV:-$HOME/.cache/sluice/spark-venv}"
if [ -z "${SLUICE_BIN:-}" ]; then
  cargo build --release --locked --bin sluice
fi
BIN="${SLUICE_BIN:-$CARGO_TARGET_DIR/release/sluice}"
work=$(mktemp -d)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$MOTO_VENV/bin/python" assets/aws-local/moto_server.py -H 127.0.0.1 -p "$PORT" >"$work/moto.log" 2>&1 &
MOTO_PID=$!
trap 'kill "$MOTO_PID" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$PORT/moto-api/" >/dev/null 2>&1 && break
  sleep 0.1
done
export AWS_ENDPOINT_URL="http://127.0.0.1:$PORT" AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=testing \
  AWS_SECRET_ACCESS_KEY=testing AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null \
  AWS_SHARED_CREDENTIALS_FILE=/dev/null
cp -r samples/recommender "$work/recommender"
FILE="$work/recommender/recommender.sluice.toml"
"$BIN" deploy init "$FILE" --bucket bench-lake --role arn:aws:iam::123456789012:role/glue >/dev/null

seconds() { # runs "$@" quietly, prints its wall time in seconds
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null
  end=$(date +%s.%N)
  python3 -c "print($end - $start)"
}
declare -A times
for round in $(seq 1 "$ROUNDS"); do
  curl -sf -X POST "http://127.0.0.1:$PORT/moto-api/reset" >/dev/null
  times[show]+="$(seconds "$BIN" deploy show "$FILE") "
  times[plan_empty]+="$(seconds "$BIN" deploy plan "$FILE") "
  times[apply_empty]+="$(seconds "$BIN" deploy apply "$FILE") "
  times[plan_again]+="$(seconds "$BIN" deploy plan "$FILE") "
  times[apply_again]+="$(seconds "$BIN" deploy apply "$FILE") "
  times[destroy]+="$(seconds "$BIN" deploy destroy "$FILE") "
done
median() { python3 -c "import statistics, sys; print(f'{statistics.median(map(float, sys.argv[1:])) * 1000:.0f}')" $1; }
floor=$(median "${times[show]}")
echo "== deploy against moto, medians of $ROUNDS (ms); floor: sluice deploy show = $floor ms"
for step in plan_empty apply_empty plan_again apply_again destroy; do
  ms=$(median "${times[$step]}")
  python3 -c "print(f'  {\"$step\":<12} {$ms:>6} ms  {$ms / $floor:5.1f}x the floor')"
done

echo "== the generated scripts in local Spark against Sluice's own run of the same sinks"
"$BIN" deploy script "$FILE" --out "$work/scripts" >/dev/null 2>&1
sluice_runs=""
for _ in $(seq 1 3); do
  start=$(date +%s.%N)
  "$BIN" run "$FILE" --node training_table >/dev/null
  "$BIN" run "$FILE" --node most_popular >/dev/null
  end=$(date +%s.%N)
  sluice_runs+="$(python3 -c "print($end - $start)") "
done
sluice_ms=$(median "$sluice_runs")
jobs=()
for pass in 1 2; do
  for script in "$work/scripts/training_table.py" "$work/scripts/most_popular.py"; do
    jobs+=("$script" "$work/recommender" "$work/spark-$pass")
  done
done
SPARK_LOCAL_IP=127.0.0.1 "$SPARK_VENV/bin/python" tests/spark/run_jobs.py "${jobs[@]}" 2>/dev/null \
  >"$work/spark.jsonl"
python3 - "$work/spark.jsonl" "$sluice_ms" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
start = next(l["spark_start_s"] for l in lines if "spark_start_s" in l)
runs = [l["seconds"] for l in lines if "seconds" in l]
cold, warm = sum(runs[:2]) * 1000, sum(runs[2:]) * 1000
sluice = float(sys.argv[2])
print(f"  Sluice run (two sinks, release, median of 3): {sluice:.0f} ms")
print(f"  Spark session start: {start * 1000:.0f} ms")
print(f"  Spark, both scripts, first pass: {cold:.0f} ms ({cold / sluice:.1f}x Sluice)")
print(f"  Spark, both scripts, warm session: {warm:.0f} ms ({warm / sluice:.1f}x Sluice)")
PY
