#!/usr/bin/env bash
# The test command (`npm test`): provision, type-check both packages, then every *.test.ts with
# node's test runner, whose closing summary is the result.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision.sh
npx tsc --noEmit -p .
npx tsc --noEmit -p runner
mapfile -t files < <(find test runner/src runner/test bench -name '*.test.ts' -not -path '*/node_modules/*' 2>/dev/null | sort)
exec node --import tsx --test --test-reporter=spec "${files[@]}"
