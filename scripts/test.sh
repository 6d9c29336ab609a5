#!/usr/bin/env bash
# The test command for a fresh machine: installs what the tests need, then runs scripts/check.sh.
# The cargo target folder lives outside the checkout (reused between runs) unless
# CARGO_TARGET_DIR says otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sluice/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
mkdir -p "$CARGO_TARGET_DIR"
exec scripts/check.sh
