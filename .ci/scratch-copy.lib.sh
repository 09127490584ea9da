# Shared by the CI scripts that test the repository against other versions of its dependencies
# (nest11.sh, ioredis5.sh): copies the working tree to a throwaway folder and installs the lock
# there. Source it after setting `root` (the repository); it sets `scratch`, removed on exit, and
# leaves the shell in it.

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# The working tree as git sees it (tracked and new files, not ignored ones such as node_modules).
(cd "$root" && git ls-files -z --cached --others --exclude-standard | xargs -0 tar -cf - --ignore-failed-read) \
  | tar -xf - -C "$scratch"
cd "$scratch"
npm ci --no-audit --no-fund
