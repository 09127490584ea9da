#!/usr/bin/env bash
# Proves that an HTTP-only application needs none of the optional transport packages: packs the
# library, installs it in a scratch project with nothing but @nestjs/common, @nestjs/core,
# @nestjs/platform-express, reflect-metadata and rxjs (the locked versions), checks that no
# transport package (nor @nestjs/swagger, @nestjs/event-emitter or @opentelemetry/api) came along,
# and answers a 401, a 403 and a 200 there.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

cd "$root"
locked() { node -p "JSON.parse(require('node:fs').readFileSync('node_modules/$1/package.json', 'utf8')).version"; }
packages=()
for name in @nestjs/common @nestjs/core @nestjs/platform-express reflect-metadata rxjs; do
  packages+=("$name@$(locked "$name")")
done
tarball="$(npm pack --silent --pack-destination "$scratch" | tail -n 1)"

cd "$scratch"
npm init -y >/dev/null
npm install --no-audit --no-fund "./$tarball" "${packages[@]}"
for optional in graphql @nestjs/graphql @nestjs/websockets @nestjs/microservices @nestjs/swagger ioredis \
  @nestjs/event-emitter @opentelemetry/api; do
  if [ -e "node_modules/$optional" ]; then
    echo "http-only: $optional was installed with nestjs-jwt-permissions; it must stay an optional peer" >&2
    exit 1
  fi
done

cat > check.mjs <<'JS'
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { JwtAuthModule, JwtTokenService, Permission } from 'nestjs-jwt-permissions';

// Decorators applied by hand: this file is plain JavaScript.
class NotesController {
  whoami() { return 'a user'; }
  admin() { return 'an admin'; }
}
const method = (name, ...decorators) => {
  const descriptor = Object.getOwnPropertyDescriptor(NotesController.prototype, name);
  for (const decorate of decorators) decorate(NotesController.prototype, name, descriptor);
};
method('whoami', Get('whoami'));
method('admin', Get('admin'), Permission('admin'));
Controller()(NotesController);
class AppModule {}
Module({ imports: [JwtAuthModule.forRoot({ secret: randomBytes(64) })], controllers: [NotesController] })(AppModule);

const app = await NestFactory.create(AppModule, { logger: false });
await app.listen(0, '127.0.0.1');
const url = await app.getUrl();
const token = await app.get(JwtTokenService).createToken('bob');
const status = async (path, headers = {}) => (await fetch(`${url}${path}`, { headers })).status;
const results = {
  anonymous: await status('/whoami'),
  withoutPermission: await status('/admin', { Authorization: `Bearer ${token}` }),
  user: await status('/whoami', { Authorization: `Bearer ${token}` }),
};
await app.close();
const expected = { anonymous: 401, withoutPermission: 403, user: 200 };
if (JSON.stringify(results) !== JSON.stringify(expected)) {
  console.error('http-only: expected', expected, 'got', results);
  process.exit(1);
}
console.log('http-only: 401, 403 and 200 answered without any transport package installed');
JS
node check.mjs
