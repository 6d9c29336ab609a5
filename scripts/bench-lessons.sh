#!/usr/bin/env bash
# Benchmark of workshop mode, in one script on one machine:
#  - `sluice lesson check` of every bundled lesson on its finished pipeline (plan, the run a step
#    asks for, quality rules and requirements measured, every step judged), against `sluice
#    validate` of the same pipeline (the same process start and plan, nothing judged) as the
#    floor;
#  - the canvas exported as SVG against the same canvas as PNG (the same offscreen frame; the
#    PNG then rasterises it in software);
#  - `sluice lesson handout` against the SVG export of the finished pipeline it draws.
#   scripts/bench-lessons.sh          (ROUNDS=5 by default; SLUICE_BIN=PATH to time a given build)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sluice/target}"
ROUNDS="${ROUNDS:-5}"
if [ -z "${SLUICE_BIN:-}" ]; then
  cargo build --release --locked --bin sluice
fi
BIN="${SLUICE_BIN:-$CARGO_TARGET_DIR/release/sluice}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r samples "$work/samples"
seconds() { # runs "$@" quietly, prints its wall time in seconds
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  python3 -c "print($end - $start)"
}
median() { python3 -c "import statistics, sys; print(f'{statistics.median(map(float, sys.argv[1:])) * 1000:.0f}')" $1; }
echo "== lesson check on the finished pipeline against validate of it, medians of $ROUNDS (ms)"
for lesson in "$work"/samples/*/*.lesson.toml; do
  name=$(basename "$lesson" .lesson.toml)
  finished="$(dirname "$lesson")/$(python3 -c "import sys, tomllib; print(tomllib.load(open(sys.argv[1], 'rb'))['finished'])" "$lesson")"
  validate="" check=""
  for _ in $(seq 1 "$ROUNDS"); do
    validate+="$(seconds "$BIN" validate "$finished") "
    check+="$(seconds "$BIN" lesson check "$lesson") "
  done
  v=$(median "$validate")
  c=$(median "$check")
  python3 -c "print(f'  {\"$name\":<24} validate {$v:>6} ms   lesson check {$c:>6} ms  {$c / max($v, 1):5.1f}x')"
done
echo "== the recommender's canvas: SVG against PNG, medians of $ROUNDS (ms)"
pipeline="$work/samples/recommender/recommender.sluice.toml"
png="" svg="" handout=""
for _ in $(seq 1 "$ROUNDS"); do
  png+="$(seconds "$BIN" export-image "$pipeline" "$work/canvas.png" --light) "
  svg+="$(seconds "$BIN" export-image "$pipeline" "$work/canvas.svg" --light) "
  handout+="$(seconds "$BIN" lesson handout "$work/samples/recommender/recommender.lesson.toml" "$work/handout.html") "
done
p=$(median "$png")
s=$(median "$svg")
h=$(median "$handout")
python3 -c "print(f'  PNG {$p} ms, SVG {$s} ms: SVG {$s / $p:.2f}x the PNG; handout {$h} ms: {$h / $s:.2f}x the SVG')"
ls -l "$work/canvas.png" "$work/canvas.svg" "$work/handout.html" | awk '{print "  " $5 " bytes  " $9}' | sed "s|$work/||"
