import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { AppModule } from '../../sample-app/app.module';
import { startBanner } from '../../sample-app/start-banner';
import { DEMO_USERS } from '../../sample-app/users/demo-users';

const run = promisify(execFile);

// The commands the sample prints are meant to be pasted into a shell: this spec pastes them.
describe('the sample app start-up banner', () => {
  const savedEnvironment = { ...process.env };
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    process.env.JWT_SECRET = randomBytes(64).toString('base64url');
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await app?.close();
    process.env = savedEnvironment;
  });

  it('lists every demo user with the password it logs in with', () => {
    const banner = startBanner(baseUrl);
    for (const { id, password } of DEMO_USERS) expect(banner).toContain(`${id} / ${password}`);
    expect(banner).toMatch(/carol \/ carol-password +disabled/);
  });

  it('prints a curl that gets a token and one that uses it, which work when pasted into sh', async () => {
    const commands = startBanner(baseUrl)
      .split('\n')
      .filter((line) => line.startsWith('  TOKEN=') || line.startsWith('  curl '))
      .map((line) => line.trim());
    expect(commands).toHaveLength(2);
    const { stdout } = await run('sh', ['-c', `${commands[0]} && ${commands[1]}`], { timeout: 20_000 });
    expect(stdout).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(stdout).toMatch(/Protected content$/);
  });
});
