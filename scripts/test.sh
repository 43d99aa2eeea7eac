#!/usr/bin/env bash
# The test command (`npm test`): provision, type-check both packages, then every *.test.ts with
# node's test runner, closing with one plain summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision.sh
npx tsc --noEmit -p .
npx tsc --noEmit -p runner
mapfile -t files < <(find test runner/src runner/test bench -name '*.test.ts' -not -path '*/node_modules/*' 2>/dev/null | sort)
tap="$(mktemp)"
trap 'rm -f "$tap"' EXIT
status=0
node --import tsx --test \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  "${files[@]}" || status=$?
count() { awk -v key="# $1" 'index($0, key " ") == 1 { n = $3 } END { print n + 0 }' "$tap"; }
echo "$(count pass) passed, $(( $(count fail) + $(count cancelled) )) failed, $(count skipped) skipped"
exit "$status"
