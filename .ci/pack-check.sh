#!/usr/bin/env bash
# Packs the library as npm would publish it, then installs the tarball into throwaway apps outside
# the repository and boots them: a NestJS 12 ES-module app, a NestJS 11 CommonJS app, and a
# TypeScript ESM consumer that only type-checks; runs the package's CLI there through npx. Prints each
# check and ends with "N passed, M failed".
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
fixtures="$repo/.ci/pack-check"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/nestjs-jwt-permissions-pack.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

# shellcheck source=check.lib.sh
source "$repo/.ci/check.lib.sh"

# Only the compiled library and its documentation ship: no sources, tests, sample app or maps.
tarball_holds_only_dist() {
  local listing unexpected required
  listing="$(tar -tzf "$tarball" | sed 's|^package/||')"
  unexpected="$(grep -Ev '^(dist/.+\.(js|d\.ts)|README\.md|package\.json|LICENSE)$' <<<"$listing" || true)"
  [[ -z "$unexpected" ]] || { echo "unexpected files in the tarball:"; echo "$unexpected"; return 1; }
  for required in dist/index.js dist/index.d.ts dist/testing/index.js dist/testing/index.d.ts README.md package.json; do
    grep -qx "$required" <<<"$listing" || { echo "missing from the tarball: $required"; return 1; }
  done
  echo "    ok  $(grep -c . <<<"$listing") files"
}

# install_app NAME [EXTRA_PACKAGES...]: a fresh app from its fixture, with the tarball installed.
install_app() {
  local app="$1"
  shift
  cp -R "$fixtures/$app" "$scratch/$app"
  cp "$fixtures/scenario.cjs" "$scratch/scenario.cjs"
  cd "$scratch/$app"
  npm install "${npm_quiet[@]}" "$tarball" "$@"
}

# single_nest_core APP MAJOR: exactly one @nestjs/core in the app, of the expected major version.
single_nest_core() {
  local app="$1" major="$2" copies version
  copies="$(cd "$scratch/$app" && npm ls @nestjs/core --all --parseable | sort -u)"
  echo "$copies"
  [[ "$(grep -c . <<<"$copies")" == 1 ]]
  version="$(cd "$scratch/$app" && node -p "require('@nestjs/core/package.json').version")"
  [[ "$version" == "$major".* ]]
  echo "    ok  @nestjs/core@$version, one copy: ${copies#"$scratch/"}"
}

run_app() {
  cd "$scratch/$1"
  node main.js
}

# The "bin" of the installed package, through npx as a user runs it: --help, then keygen, token and
# inspect agreeing on a key pair.
cli_runs_in_app() {
  local cli=(npx --no-install nestjs-jwt-permissions) token
  cd "$scratch/$1"
  "${cli[@]}" --help | grep -q '^Usage: nestjs-jwt-permissions'
  echo "    ok  npx nestjs-jwt-permissions --help"
  "${cli[@]}" keygen --alg ES256 --kid pack-check >jwt.env
  token="$("${cli[@]}" token --sub alice --config jwt.env)"
  "${cli[@]}" inspect "$token" --config jwt.env | tail -n 1 | grep -qx 'Accepted by this configuration.'
  echo "    ok  keygen, token and inspect agree on an ES256 key pair"
}

# routes --module on the app's routes-app.js (an ES module in the ESM app, CommonJS in the other).
cli_reports_routes() {
  local report
  cd "$scratch/$1"
  report="$(npx --no-install nestjs-jwt-permissions routes --module ./routes-app.js --prefix api)"
  echo "$report"
  grep -Eq '^http +GET +/api/items/open +system\.Everyone .* OPEN$' <<<"$report"
  grep -Eq '^http +GET +/api/items/mine +system\.Authenticated \(default\) .* DEFAULT$' <<<"$report"
  grep -Eq '^http +GET +/api/items/admin +admin +- +global ' <<<"$report"
  echo "    ok  routes --module reports the routes of $1/routes-app.js"
}

typecheck_consumer() {
  cd "$scratch/nest12-esm"
  npx --no-install tsc -p tsconfig.json
}

typescript_version="$(node -p "require('$repo/package.json').devDependencies.typescript")"
types_node_version="$(node -p "require('$repo/package.json').devDependencies['@types/node']")"

echo "Packing nestjs-jwt-permissions and installing it into scratch apps under $scratch"
check "npm pack builds a tarball (prepack)" pack
check "the tarball holds only dist/*.js, dist/*.d.ts, README.md and package.json" tarball_holds_only_dist

check "NestJS 12 ESM app installs the tarball (typescript@$typescript_version for the type check)" \
  install_app nest12-esm "typescript@$typescript_version" "@types/node@$types_node_version"
check "NestJS 12 ESM app has a single @nestjs/core, version 12" single_nest_core nest12-esm 12
check "NestJS 12 ESM app boots with forRoot, answers over HTTP and imports '/testing'" run_app nest12-esm
check "npx nestjs-jwt-permissions runs in the ESM app: --help, keygen, token, inspect" cli_runs_in_app nest12-esm
check "npx nestjs-jwt-permissions routes reports an ES-module application on NestJS 12" cli_reports_routes nest12-esm
check "TypeScript ESM consumer (module nodenext) type-checks imports from 'nestjs-jwt-permissions' and '/testing'" typecheck_consumer

check "NestJS 11 CommonJS app installs the tarball" install_app nest11-cjs
check "NestJS 11 CommonJS app has a single @nestjs/core, version 11" single_nest_core nest11-cjs 11
check "NestJS 11 CommonJS app boots with forRoot, answers over HTTP and requires '/testing'" run_app nest11-cjs
check "npx nestjs-jwt-permissions routes reports a CommonJS application on NestJS 11" cli_reports_routes nest11-cjs

report
