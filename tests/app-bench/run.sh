#!/usr/bin/env bash
# App figures, release build: launch to the case list painted (empty list and 500 cases),
# memory (PSS of the app and its WebKit processes) on a 10,000-attempt case, and the binary's
# size, each beside a bare Tauri 2 window (tests/app-bench/bare) measured in the same run.
# Prints a table with the figures, targets and ratios; exits 3 if a target is missed.
#
# Not part of CI (several minutes: release builds and ~20 window launches). Run it from the
# repository, on an otherwise idle machine, with no display needed:
#
#   bash tests/app-bench/run.sh            # RUNS=5 launches per figure (median reported)
#   RUNS=9 bash tests/app-bench/run.sh
#   MEM_RUNS=5 bash tests/app-bench/run.sh  # launches per memory figure (3 by default)
#
# Needs what .ci/setup --test installs (xvfb, webkit2gtk-driver, tauri-driver in .tools/bin).
# Data lives in temporary folders only, removed on exit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export CARGO_TERM_COLOR=never
step() { printf '\n\033[1m==> %s\033[0m\n' "$*" >&2; }

step "Build: UI, the app (release, UI embedded), the data tool, the bare window"
(cd ui && npm run build --silent >/dev/null)
cargo build --release -p expediente --features custom-protocol
cargo build --release -p expediente-tests --bin app_bench_data
cargo build --release --manifest-path tests/app-bench/bare/Cargo.toml --target-dir target/app-bench-bare

step "Data: empty list, 500 cases, one case of 10,000 attempts (temporary folders)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/expediente-app-bench.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
gen=target/release/app_bench_data
"$gen" "$tmp/empty" profile
"$gen" "$tmp/cases500" cases 500
"$gen" "$tmp/big" big-case 10000

step "Measure under Xvfb (${RUNS:-5} launches each, after one warm-up round)"
APP=target/release/expediente BARE=target/app-bench-bare/release/app-bench-bare \
  DATA_EMPTY="$tmp/empty" DATA_500="$tmp/cases500" DATA_BIG="$tmp/big" RUNS="${RUNS:-5}" \
  xvfb-run -a -s "-screen 0 1280x800x24" node tests/app-bench/measure.mjs
