#!/usr/bin/env bash
# Runs the fuzz targets (tests/tests/fuzz_*.rs: import, restore, validators) over and
# over with fresh random seeds for a set time, `PROPTEST_CASES` cases per target each
# round, and stops at the first failure (proptest prints the shrunk input and saves it
# in tests/fuzz/regressions/, replayed first on every later run).
#
#   bash tests/fuzz/run.sh [seconds]      (default 600; CASES=… to change the batch size,
#                                          TARGETS="fuzz_import …" to run only some)
set -euo pipefail
cd "$(dirname "$0")/../.."

budget="${1:-600}"
cases="${CASES:-400}"
read -r -a targets <<<"${TARGETS:-fuzz_import fuzz_restore fuzz_validate}"
test_args=()
for t in "${targets[@]}"; do test_args+=(--test "$t"); done

cargo test -p expediente-tests "${test_args[@]}" --no-run --quiet

start=$(date +%s)
rounds=0
declare -A done_cases
for t in "${targets[@]}"; do done_cases[$t]=0; done
while (( $(date +%s) - start < budget )); do
  for t in "${targets[@]}"; do
    if ! PROPTEST_CASES="$cases" cargo test -p expediente-tests --test "$t" --quiet >"/tmp/expediente-fuzz-$t.log" 2>&1; then
      cat "/tmp/expediente-fuzz-$t.log"
      echo "fuzz: $t FAILED after $(( $(date +%s) - start )) s (log above)" >&2
      exit 1
    fi
    done_cases[$t]=$(( done_cases[$t] + cases ))
  done
  rounds=$(( rounds + 1 ))
done
elapsed=$(( $(date +%s) - start ))
summary=""
for t in "${targets[@]}"; do summary+=" $t ${done_cases[$t]} cases per property;"; done
echo "fuzz: ran clean for $elapsed s, $rounds rounds:$summary"
