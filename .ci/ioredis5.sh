#!/usr/bin/env bash
# Runs the Redis session store's specs (every spec that starts a redis-server: standalone, Sentinel,
# Cluster, several instances, outages) with ioredis 5, while the lock pins ioredis 6: copies the
# repository to a scratch directory, installs ioredis 5 over the lock (IOREDIS5_VERSION, by default
# the lowest version the peer range "^5.0.0 || ^6.0.0" claims), type-checks the library against it
# and runs those specs there. Ends with one "N passed, M failed" line.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="${IOREDIS5_VERSION:-5.0.0}"

# shellcheck source=scratch-copy.lib.sh
source "$root/.ci/scratch-copy.lib.sh"
npm install --no-save --no-audit --no-fund "ioredis@$version"
installed="$(node -p 'require("ioredis/package.json").version')"
[[ "$installed" == 5.* ]] || { echo "ioredis5: ioredis is $installed, not 5" >&2; exit 1; }
echo "ioredis5: testing the Redis store on ioredis $installed"

# The whole project: the specs hand ioredis 5 clients (Redis, Sentinel, Cluster) to the store.
npx tsc -p tsconfig.json --noEmit
mapfile -t specs < <(grep -rlE --include='*.spec.ts' --include='*.e2e-spec.ts' 'describeWithRedis' lib test sample-app | sort)
[[ "${#specs[@]}" -gt 0 ]] || { echo "ioredis5: found no Redis spec" >&2; exit 1; }
status=0
npx jest --ci --json --outputFile="$scratch/jest.json" "${specs[@]}" || status=$?
counts="0 0"
[[ -f "$scratch/jest.json" ]] && counts="$(node -p "const r = require('$scratch/jest.json'); r.numPassedTests + ' ' + r.numFailedTests")"
passed="${counts% *}"
failed="${counts#* }"
# A run that failed without a failing test (a suite that did not load, a timeout) still counts.
[[ "$status" == 0 || "$failed" != 0 ]] || failed=1
echo "$passed passed, $failed failed"
[[ "$failed" == 0 ]]
