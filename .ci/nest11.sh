#!/usr/bin/env bash
# Runs the test suite against NestJS 11 (CommonJS), while the lock pins NestJS 12 (ES modules):
# copies the repository to a scratch directory, installs the NestJS 11 line of every @nestjs/*
# package (and the GraphQL integration majors that go with it) over the lock, type-checks the
# library against them and runs the tests there. The versions below are what peerDependencies
# claim for NestJS 11; raise both together.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

# name@version for NestJS 11, for every @nestjs/* package the repository depends on.
NEST11_PACKAGES=(
  @nestjs/common@11.2.10
  @nestjs/core@11.2.10
  @nestjs/platform-express@11.2.10
  @nestjs/platform-fastify@11.2.8
  @nestjs/testing@11.2.6
  @nestjs/websockets@11.2.6
  @nestjs/platform-ws@11.2.6
  @nestjs/platform-socket.io@11.2.6
  @nestjs/microservices@11.2.6
  @nestjs/swagger@11.4.7
  @nestjs/graphql@13.4.5
  @nestjs/apollo@13.4.5
  @nestjs/mercurius@13.4.5
  @nestjs/event-emitter@3.1.0
  @nestjs/terminus@11.1.1
)
# Packages that support both majors in one version, kept at the locked version.
BOTH_MAJORS=(@nestjs/jwt @nestjs/passport)
# Specs of NestJS 12 features that NestJS 11 lacks: RPC packet metadata, global guards on gateways.
NEST12_ONLY_SPECS=(test/microservices/rpc-metadata.e2e-spec.ts test/websockets/global-guard.e2e-spec.ts)

# A new @nestjs/* dependency must be given its NestJS 11 version here, or this run would test 12.
missing="$(cd "$root" && node -e '
  const pkg = require("./package.json");
  const listed = process.argv.slice(1).map((spec) => spec.slice(0, spec.lastIndexOf("@")));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((n) => n.startsWith("@nestjs/"));
  console.log(names.filter((n) => !listed.includes(n)).join(" "));
' "${NEST11_PACKAGES[@]}" "${BOTH_MAJORS[@]/%/@any}")"
if [ -n "$missing" ]; then
  echo "nest11: add the NestJS 11 version of: $missing (in .ci/nest11.sh)" >&2
  exit 1
fi

# shellcheck source=scratch-copy.lib.sh
source "$root/.ci/scratch-copy.lib.sh"
npm install --no-save --no-audit --no-fund "${NEST11_PACKAGES[@]}"
node -e 'const v = require("@nestjs/core/package.json").version; if (!v.startsWith("11.")) throw new Error(`@nestjs/core is ${v}`); console.log(`nest11: testing on @nestjs/core ${v}`)'

npx tsc -p tsconfig.build.json --noEmit
ignored=("/node_modules/")
for spec in "${NEST12_ONLY_SPECS[@]}"; do ignored+=("$spec"); done
npx jest --ci --testPathIgnorePatterns "${ignored[@]}"
