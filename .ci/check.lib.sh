# Shared by the CI scripts that check the packed library (pack-check.sh, guide-check.sh): PASS and
# FAIL lines with their counts, and `npm pack` into the scratch folder. Source it after setting
# `repo` (the repository) and `scratch` (a throwaway folder); end the script with `report`.

passed=0
failed=0
log="$scratch/check.log"
npm_quiet=(--no-audit --no-fund --loglevel=error)
version="$(node -p "require('$repo/package.json').version")"
tarball="$scratch/nestjs-jwt-permissions-$version.tgz"

pass() { passed=$((passed + 1)); echo "PASS  $1"; }
fail() { failed=$((failed + 1)); echo "FAIL  $1"; }

# check NAME COMMAND...: runs COMMAND quietly in a subshell that stops at its first failing command
# (errexit is ignored inside `if`, hence the explicit status). On success prints the lines it marked
# `    ok  ...`; on failure, the end of its output.
check() {
  local name="$1" status started="$SECONDS"
  shift
  set +e
  (set -e; "$@") >"$log" 2>&1
  status=$?
  set -e
  if [[ "$status" == 0 ]]; then
    pass "$name ($((SECONDS - started))s)"
    sed -n 's/^    ok  /      /p' "$log"
  else
    fail "$name"
    sed 's/^/      | /' "$log" | tail -n 40
  fi
}

# The tarball npm would publish (`prepack` builds the library first).
pack() {
  cd "$repo"
  npm pack --pack-destination "$scratch" "${npm_quiet[@]}"
  [[ -f "$tarball" ]]
}

# The last line, which .ci/run adds up; fails the script when a check failed.
report() {
  echo "$passed passed, $failed failed"
  [[ "$failed" == 0 ]]
}
