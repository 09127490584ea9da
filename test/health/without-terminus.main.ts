// An application without terminus in a process of its own: boots JwtAuthModule, serves a request
// that the guard verifies, and prints, as JSON, every request for @nestjs/terminus that Node saw.
import Module from 'node:module';

const requested: string[] = [];
const loader = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolveFilename = loader._resolveFilename;
loader._resolveFilename = function (request: string, ...rest: unknown[]) {
  if (request === '@nestjs/terminus' || request.startsWith('@nestjs/terminus/')) requested.push(request);
  return resolveFilename.call(this, request, ...rest);
};

async function main(): Promise<void> {
  // Loaded after the hook, which imports would not be (they are hoisted).
  require('reflect-metadata');
  const {
    Controller,
    Get,
    Module: NestModule,
  } = require('@nestjs/common') as typeof import('@nestjs/common');
  const { NestFactory } = require('@nestjs/core') as typeof import('@nestjs/core');
  const lib = require('../../lib/index') as typeof import('../../lib/index');

  @Controller()
  class WhoAmIController {
    @Get('whoami')
    whoami() {
      return { ok: true };
    }
  }
  @NestModule({
    imports: [
      lib.JwtAuthModule.forRoot({
        secret: 'a-64-byte-secret-for-an-application-that-has-no-terminus-at-all!',
      }),
    ],
    controllers: [WhoAmIController],
  })
  class AppModule {}

  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const token = await app.get(lib.JwtTokenService).createToken('alice');
  const response = await fetch(`${await app.getUrl()}/whoami`.replace('[::1]', '127.0.0.1'), {
    headers: { authorization: `Bearer ${token}` },
  });
  await app.close();
  const loaded = Object.keys(require.cache).filter((path) => path.includes('/@nestjs/terminus/'));
  process.stdout.write(JSON.stringify({ status: response.status, requested, loaded }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
