#!/usr/bin/env bash
# The README's quick start, built and run as a newcomer would: copies .ci/guide-app (shaped like
# what `npx @nestjs/cli new` makes today: NestJS 12, ES modules, `nest build`) to a scratch folder,
# writes each `<!-- guide-file: PATH -->` block of the README into it, installs the packed tarball
# in place of `npm install nestjs-jwt-permissions`, builds it with `nest build`, starts it on a free
# port and makes the `<!-- guide-try -->` requests, checking the status each one's comment names.
# The scaffold leaves out what `nest new` adds for tests and linting (vitest, oxlint, prettier),
# which the guide never runs. Prints each check and ends with "N passed, M failed".
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/nestjs-jwt-permissions-guide.XXXXXX")"
app="$scratch/my-api"
cleanup() {
  if [[ -f "$scratch/server.pid" ]]; then kill "$(cat "$scratch/server.pid")" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
# Stopped by `timeout` or Ctrl-C: the EXIT trap still stops the server.
trap 'exit 124' INT TERM

# shellcheck source=check.lib.sh
source "$repo/.ci/check.lib.sh"

write_guide_files() {
  cp -R "$repo/.ci/guide-app" "$app"
  node "$repo/.ci/guide-extract.cjs" files "$repo/README.md" "$app"
  node "$repo/.ci/guide-extract.cjs" try "$repo/README.md" >"$scratch/try.sh"
}

install() {
  cd "$app"
  npm install "${npm_quiet[@]}" "$tarball"
}

build() {
  cd "$app"
  npm run build
  [[ -f dist/main.js ]]
}

free_port() {
  node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })"
}

port="$(free_port)"
base="127.0.0.1:$port"

start() {
  cd "$app"
  JWT_SECRET="$(node -e "console.log(require('node:crypto').randomBytes(64).toString('base64url'))")" \
    PORT="$port" node dist/main.js >"$scratch/server.log" 2>&1 &
  echo "$!" >"$scratch/server.pid"
  for _ in $(seq 1 100); do
    if curl -s -o /dev/null "http://$base/"; then return 0; fi
    kill -0 "$(cat "$scratch/server.pid")" 2>/dev/null || { cat "$scratch/server.log"; return 1; }
    sleep 0.2
  done
  cat "$scratch/server.log"
  return 1
}

# The requests run in this shell, one line at a time, so that a line setting a variable (a token)
# serves the lines after it. A line ending in `# STATUS` must answer that HTTP status.
try_requests() {
  local line expected output status label seen=" "
  while IFS= read -r line || [[ -n "$line" ]]; do
    [[ -z "${line// /}" ]] && continue
    line="${line//localhost:3000/$base}"
    expected="$(sed -n 's/.*#[[:space:]]*\([0-9][0-9][0-9]\)\b.*/\1/p' <<<"$line")"
    set +eu
    if [[ -z "$expected" ]]; then
      eval "$line" 2>"$log"
      set -eu
      continue
    fi
    output="$(eval "$line" 2>"$log")"
    set -eu
    seen+="$expected "
    status="$(sed -n '1s/^HTTP\/[0-9.]* \([0-9][0-9][0-9]\).*/\1/p' <<<"$output")"
    label="$(sed 's/[[:space:]]*#.*$//' <<<"${line//$base/localhost:3000}")"
    if [[ "$status" == "$expected" ]]; then
      pass "$expected  $label"
    else
      fail "$expected  $label"
      echo "      | answered ${status:-nothing}:"
      cat "$log" - <<<"$output" | head -n 20 | sed 's/^/      | /'
    fi
  done <"$scratch/try.sh"
  local code
  for code in 401 400 200 403; do
    if [[ "$seen" != *" $code "* ]]; then
      fail "the guide's requests include a $code"
    fi
  done
}

echo "Building the README's quick start in a scratch app under $scratch"
check "the README's guide files are written into a fresh nest new app" write_guide_files
check "npm pack builds a tarball (prepack)" pack
check "the app installs the tarball (one npm install)" install
check "nest build compiles the guide's files" build
if [[ "$failed" == 0 ]]; then
  check "the app starts on port $port" start
fi
if [[ "$failed" == 0 ]]; then
  try_requests
fi

echo "guide check: ${SECONDS}s"
report
