#!/usr/bin/env bash
# What CI runs: formatting, lints with warnings denied, and every test.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --locked --all-targets -- -D warnings
cargo test --locked --all-targets
