#!/usr/bin/env bash
# The whole test suite: `npm test`, the README's test command, and what CI runs.
# Every step runs even after an earlier one failed, so one run shows every problem;
# the exit status is non-zero when any step failed.
set -uo pipefail
cd "$(dirname "$0")/.."

RESULTS=test-results
mkdir -p "$RESULTS"
rm -f "$RESULTS/vitest.json" "$RESULTS/playwright.json"

failed=()
step() {
  local name=$1 started=$SECONDS
  shift
  echo
  echo "── $name: $*"
  if ! "$@"; then
    failed+=("$name")
    echo "── $name FAILED ($((SECONDS - started)) s)"
    return 1
  fi
  echo "── $name ok ($((SECONDS - started)) s)"
}

# Two steps side by side, each on one core, their output shown in turn once both ended:
# the static checks are single-threaded, and one after another they took ~110 s.
pair() {
  local a=$1 b=$2 out
  out=$(mktemp -d)
  shift 2
  local split
  for ((split = 1; split <= $#; split++)); do [ "${!split}" = "--" ] && break; done
  local first=("${@:1:split-1}") second=("${@:split+1}")
  (step "$a" "${first[@]}" >"$out/a" 2>&1; echo $? >"$out/a.rc") &
  (step "$b" "${second[@]}" >"$out/b" 2>&1; echo $? >"$out/b.rc") &
  wait
  cat "$out/a" "$out/b"
  [ "$(cat "$out/a.rc")" = 0 ] || failed+=("$a")
  [ "$(cat "$out/b.rc")" = 0 ] || failed+=("$b")
  rm -rf "$out"
}

step chromium bash scripts/ensure-chromium.sh
pair prettier eslint npx prettier --check . -- npx eslint .
pair svelte-check tsc npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings -- \
  npx tsc --noEmit -p tsconfig.json
if step build npm run build; then built=1; else built=0; fi
step vitest npx vitest run --reporter=default --reporter=json --outputFile.json="$RESULTS/vitest.json"
if [ "$built" = 1 ]; then
  step playwright npx playwright test
else
  echo "── playwright skipped: the build failed, there is nothing to open"
  failed+=("playwright")
fi

# One plain line summing both runners; a runner that crashed before reporting counts its
# step as one failure so the line can never read "0 failed" after a failed run.
summary=$(node scripts/test-summary.mjs "$RESULTS/vitest.json" "$RESULTS/playwright.json")
echo
echo "took $SECONDS s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed steps: ${failed[*]}"
fi
echo "$summary"
[ ${#failed[@]} -eq 0 ]
