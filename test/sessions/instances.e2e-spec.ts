import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PLATFORMS } from '../support/platforms';
import { describeWithRedis, startRedis, type TestRedis } from '../support/redis-server';

jest.setTimeout(60_000);

/** An instance of the scenario app in a child process. */
interface Instance {
  readonly url: string;
  readonly process: ChildProcess;
}

async function startInstance(redisUrl: string, platform: string, grace: number): Promise<Instance> {
  const child = fork(join(__dirname, 'instance.main.ts'), [], {
    execArgv: ['-r', join(__dirname, '../support/ts-register.cjs')],
    env: { ...process.env, REDIS_URL: redisUrl, PLATFORM: platform, GRACE: String(grace) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`the instance exited (${code}) before listening`)));
  });
  return { url: `http://127.0.0.1:${port}`, process: child };
}

async function stopInstance(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.process.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    instance.process.once('exit', () => resolve());
    instance.process.kill('SIGTERM');
  });
}

async function call(
  instance: Instance,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
) {
  const response = await fetch(`${instance.url}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describeWithRedis('sessions shared by two app processes through one Redis', () => {
  describe.each(PLATFORMS)('over %s', (platform) => {
    let redis: TestRedis;
    let a: Instance;
    let b: Instance;
    let strictA: Instance;
    let strictB: Instance;

    beforeAll(async () => {
      redis = await startRedis();
      // Two instances with the default grace period, and two with none.
      [a, b, strictA, strictB] = await Promise.all([
        startInstance(redis.url, platform, 10),
        startInstance(redis.url, platform, 10),
        startInstance(redis.url, platform, 0),
        startInstance(redis.url, platform, 0),
      ]);
    });

    afterAll(async () => {
      await Promise.all([a, b, strictA, strictB].map(stopInstance));
      await redis?.stop();
    });

    it('refuses on the other instance, within a second, a session logged out on one (the delay is printed)', async () => {
      const { body: pair } = await call(a, 'POST', '/login', { body: { user: 'alice' } });
      expect((await call(b, 'GET', '/protected', { token: pair.accessToken })).status).toBe(200);
      const start = process.hrtime.bigint();
      expect((await call(a, 'POST', '/logout', { token: pair.accessToken })).status).toBe(204);
      let refused: { status: number; body: any } | undefined;
      while (Number(process.hrtime.bigint() - start) / 1e6 < 1000) {
        const response = await call(b, 'GET', '/protected', { token: pair.accessToken });
        if (response.status === 401) {
          refused = response;
          break;
        }
      }
      const delayMs = Number(process.hrtime.bigint() - start) / 1e6;
      console.log(
        `${platform}: a logout on one instance was refused by the other ${delayMs.toFixed(1)} ms after the logout was sent`,
      );
      expect(refused?.body.code).toBe('token_revoked');
      expect(delayMs).toBeLessThan(1000);
    });

    it('revokes the session on both instances when a token rotated on one is reused on the other', async () => {
      const { body: first } = await call(strictA, 'POST', '/login', { body: { user: 'alice' } });
      const { body: second, status } = await call(strictA, 'POST', '/refresh', {
        body: { refreshToken: first.refreshToken },
      });
      expect(status).toBe(200);
      const reused = await call(strictB, 'POST', '/refresh', { body: { refreshToken: first.refreshToken } });
      expect(reused).toMatchObject({ status: 401, body: { code: 'refresh_token_reused' } });
      for (const instance of [strictA, strictB]) {
        await expectEventually(
          async () =>
            (await call(instance, 'GET', '/protected', { token: second.accessToken })).status === 401,
        );
      }
      expect(
        (await call(strictA, 'POST', '/refresh', { body: { refreshToken: second.refreshToken } })).body.code,
      ).toBe('refresh_token_revoked');
    });

    it('of many parallel refreshes of one token on both instances, lets exactly one through without a grace period', async () => {
      const { body: first } = await call(strictA, 'POST', '/login', { body: { user: 'alice' } });
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          call(i % 2 ? strictA : strictB, 'POST', '/refresh', { body: { refreshToken: first.refreshToken } }),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.status === 200)).toHaveLength(1);
      // The first late one finds the token reused and revokes the session; those after it find the session revoked.
      const codes = new Set(
        outcomes.filter((outcome) => outcome.status !== 200).map((outcome) => outcome.body.code),
      );
      expect(codes.has('refresh_token_reused')).toBe(true);
      expect(
        [...codes].every((code) => code === 'refresh_token_reused' || code === 'refresh_token_revoked'),
      ).toBe(true);
    });

    it('keeps many parallel refreshes within the grace period in one session, which one logout ends everywhere', async () => {
      const { body: first } = await call(a, 'POST', '/login', { body: { user: 'alice' } });
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          call(i % 2 ? a : b, 'POST', '/refresh', { body: { refreshToken: first.refreshToken } }),
        ),
      );
      expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(20).fill(200));
      expect(new Set(outcomes.map((outcome) => outcome.body.sessionId))).toEqual(new Set([first.sessionId]));
      expect((await call(b, 'POST', '/logout', { token: outcomes[0].body.accessToken })).status).toBe(204);
      for (const { body } of outcomes) {
        for (const instance of [a, b]) {
          await expectEventually(
            async () =>
              (await call(instance, 'GET', '/protected', { token: body.accessToken })).status === 401,
          );
        }
        expect(
          (await call(a, 'POST', '/refresh', { body: { refreshToken: body.refreshToken } })).status,
        ).toBe(401);
      }
    });
  });
});

/** Polls `condition` for up to a second: the revocation travels through Redis pub/sub. */
async function expectEventually(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 1000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('the condition did not hold within a second');
  }
}
