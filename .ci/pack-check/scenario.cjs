'use strict';
// What an app that installed the packed tarball must be able to do, over real HTTP. Plain JavaScript,
// so decorators are applied as functions. The modules are passed in by each entry point, which
// loads them its own way (ESM `import` or CommonJS `require`).
const assert = require('node:assert/strict');
const { randomBytes } = require('node:crypto');

function decorateMethod(target, name, ...decorators) {
  const descriptor = Object.getOwnPropertyDescriptor(target.prototype, name);
  for (const decorator of decorators) decorator(target.prototype, name, descriptor);
}

/** The scenario's application module: /items/open (public), /items/mine (a user), /items/admin (admins). */
function defineApp({ common, auth }) {
  const { Controller, Get, Module } = common;
  const { JwtAuthModule, Permission, Public } = auth;

  class ItemsController {
    open() {
      return 'open';
    }
    mine() {
      return 'mine';
    }
    admin() {
      return 'admin';
    }
  }
  Controller('items')(ItemsController);
  decorateMethod(ItemsController, 'open', Get('open'), Public());
  decorateMethod(ItemsController, 'mine', Get('mine'));
  decorateMethod(ItemsController, 'admin', Get('admin'), Permission('admin'));

  class AppModule {}
  Module({
    imports: [JwtAuthModule.forRoot({ secret: randomBytes(64) })],
    controllers: [ItemsController],
  })(AppModule);
  return { AppModule };
}

async function runScenario({ common, core, auth, testing, log }) {
  const { NestFactory } = core;
  const { JwtTokenService } = auth;
  const { AppModule } = defineApp({ common, auth });

  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  try {
    const base = `http://127.0.0.1:${app.getHttpServer().address().port}`;
    const token = await app.get(JwtTokenService).createToken('alice');
    const get = (path, headers = {}) => fetch(base + path, { headers });

    let response = await get('/items/open');
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'open');
    log('@Public() route answers without a token: 200');

    response = await get('/items/mine');
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="api"');
    log('no token: 401 with WWW-Authenticate: Bearer realm="api"');

    response = await get('/items/mine', { Authorization: 'Bearer not.a.token' });
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate'), /error="invalid_token"/);
    log('bad token: 401 invalid_token');

    response = await get('/items/mine', { Authorization: `Bearer ${token}` });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'mine');
    log('token from JwtTokenService.createToken(): 200');

    response = await get('/items/admin', { Authorization: `Bearer ${token}` });
    assert.equal(response.status, 403);
    assert.match(response.headers.get('www-authenticate'), /error="insufficient_scope"/);
    log("@Permission('admin') without the group: 403 insufficient_scope");

    // The testing kit, from the 'nestjs-jwt-permissions/testing' subpath, works on the same app: its
    // classes are the main entry's (one copy of the library), and its tokens are the app's own.
    const { JwtAuthTesting, FixedGroupFinder } = testing;
    assert.ok(new FixedGroupFinder() instanceof auth.GroupFinder);
    response = await get('/items/mine', await JwtAuthTesting.from(app).bearer('bob'));
    assert.equal(response.status, 200);
    log("'nestjs-jwt-permissions/testing' resolves and JwtAuthTesting.bearer() gets a 200");
  } finally {
    await app.close();
  }
}

module.exports = { defineApp, runScenario };
