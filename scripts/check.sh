#!/usr/bin/env bash
# What CI runs: formatting, lints with warnings denied, and every test; the last line is the
# total of every test binary.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --locked --all-targets -- -D warnings
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
cargo test --locked --all-targets 2>&1 | tee "$log" || status=$?
awk '/^test result:/ { passed += $4; failed += $6; ignored += $8; binaries += 1 }
     END { printf "all tests: %d passed, %d failed, %d ignored (%d test binaries)\n", passed, failed, ignored, binaries }' "$log"
exit "$status"
