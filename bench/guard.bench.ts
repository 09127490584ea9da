import 'reflect-metadata';
import type { ExecutionContext, INestApplicationContext } from '@nestjs/common';
import { ModuleRef, NestFactory } from '@nestjs/core';
import { JwtAuthGuard, JwtAuthModule, JwtTokenService, type VerifiedClaims } from 'nestjs-jwt-permissions';
import { BenchController } from './app/bench.controller';
import { BENCH_SECRET, BENCH_USER } from './app/bench-secret';
import { InMemoryGroupFinder } from './app/in-memory.group-finder';
import { fixed, median, microRounds, microsecondsPerOp, table } from './measure';

/**
 * An HTTP ExecutionContext as Nest builds one per request (ExecutionContextHost): switchToHttp()
 * attaches fresh accessors each call, so the guard pays what it would pay in an application.
 */
export class HttpExecutionContext {
  constructor(
    private readonly args: unknown[],
    private readonly controller: Function,
    private readonly handler: Function,
  ) {}
  getType(): string {
    return 'http';
  }
  getClass(): Function {
    return this.controller;
  }
  getHandler(): Function {
    return this.handler;
  }
  getArgs(): unknown[] {
    return this.args;
  }
  getArgByIndex(index: number): unknown {
    return this.args[index];
  }
  switchToHttp(): this {
    return Object.assign(this, {
      getRequest: () => this.getArgByIndex(0),
      getResponse: () => this.getArgByIndex(1),
      getNext: () => this.getArgByIndex(2),
    });
  }
}

/** The guard's work with verification taken out: every token "verifies" to the same claims at once. */
class PreVerifiedGuard extends JwtAuthGuard {
  claims!: VerifiedClaims;
  protected override verifyToken(): VerifiedClaims {
    return this.claims;
  }
}

/** The application the guard is measured in: HS256, an in-memory GroupFinder, no global guard. */
export function guardAppContext(): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(
    JwtAuthModule.forRoot({
      secret: BENCH_SECRET,
      algorithm: 'HS256',
      groupFinder: InMemoryGroupFinder,
      globalGuard: false,
    }),
    { logger: false },
  );
}

/**
 * The guard section: canActivate() in a loop on a fresh request each time (as in an application,
 * where the identity is resolved once per request), against the protected route's metadata.
 */
export async function guardBench(): Promise<{ guardOwnUs: number }> {
  console.log(
    `\n## Guard: µs per canActivate() on a fresh request, median of ${microRounds()} interleaved batches\n`,
  );
  const app = await guardAppContext();
  try {
    const tokenService = app.get(JwtTokenService);
    const guard = app.get(JwtAuthGuard);
    // Built by Nest's injector, like the real guard, so it follows the guard's constructor.
    const preVerified = await app.get(ModuleRef).create(PreVerifiedGuard);
    const token = await tokenService.createToken(BENCH_USER);
    preVerified.claims = await tokenService.verifyToken(token);
    // A new header string per request, as the HTTP parser makes: a cache lookup must hash it afresh.
    const authorization = Buffer.from(`Bearer ${token}`, 'latin1');
    const response = {};
    const handler = BenchController.prototype.protectedRoute;
    // The raw lines of a browser's request, which the guard scans for a repeated Authorization.
    const rawHeaders = [
      'Host',
      'api.example.com',
      'Connection',
      'keep-alive',
      'sec-ch-ua-platform',
      '"Linux"',
      'Authorization',
      `Bearer ${token}`,
      'User-Agent',
      'Mozilla/5.0 (X11; Linux x86_64)',
      'Accept',
      'application/json',
      'Origin',
      'https://app.example.com',
      'Sec-Fetch-Mode',
      'cors',
      'Referer',
      'https://app.example.com/',
      'Accept-Encoding',
      'gzip, deflate, br',
      'Accept-Language',
      'en-GB,en;q=0.9',
    ];
    const newContext = () =>
      new HttpExecutionContext(
        [{ headers: { authorization: authorization.toString('latin1') }, rawHeaders }, response],
        BenchController,
        handler,
      ) as unknown as ExecutionContext;

    const [baselines, verifyHits, tryVerifyHits, fulls, owns] = await microsecondsPerOp([
      () => newContext(),
      () => tokenService.verifyToken(token),
      () => tokenService.tryVerifyToken(token),
      () => guard.canActivate(newContext()),
      () => preVerified.canActivate(newContext()),
    ]);
    const baseline = median(baselines);
    const verifyHit = median(verifyHits);
    const tryVerifyHit = median(tryVerifyHits);
    const full = median(fulls.map((value, round) => value - baselines[round]));
    const guardOwnUs = median(owns.map((value, round) => value - baselines[round]));
    console.log(
      table(
        ['what', 'µs'],
        [
          ['loop baseline: a fresh request, header string and ExecutionContext', fixed(baseline)],
          ['JwtTokenService.verifyToken(), token cache hit (same string), awaited', fixed(verifyHit)],
          [
            'JwtTokenService.tryVerifyToken() (what the guard calls), token cache hit (same string)',
            fixed(tryVerifyHit),
          ],
          ['canActivate(), full guard, token cache hit', fixed(full)],
          ["canActivate(), verification taken out: the guard's own cost", fixed(guardOwnUs)],
        ],
      ),
    );
    return { guardOwnUs };
  } finally {
    await app.close();
  }
}
