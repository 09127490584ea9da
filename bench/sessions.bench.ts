import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  JwtAuthModule,
  JwtTokenService,
  RevocationState,
  SessionService,
  type VerifiedClaims,
  type JwtSessionOptions,
  type SessionTokens,
} from 'nestjs-jwt-permissions';
import { BENCH_SECRET } from './app/bench-secret';
import { fixed, median, microsecondsPerOp, table } from './measure';
import { startBenchRedis } from './redis';

/** Revocation records held while the check is timed: other sessions, users and tokens. */
const REVOKED_SESSIONS = 1000;
const REVOKED_USERS = 100;
const REVOKED_TOKENS = 1000;
/** Wall-clock seconds of each refresh run. */
const REFRESH_SECONDS = 2;
/** Revocations whose propagation is timed. */
const PROPAGATIONS = 300;

/** What the sessions section reports, for the targets. */
export interface SessionsBenchResult {
  /** µs per revocation check on the request path, per store. */
  readonly checkUs: Record<string, number>;
  /** Propagation between two instances, in ms, when Redis is there. */
  readonly propagation?: { readonly p50: number; readonly p99: number };
}

/** One instance: JwtAuthModule alone, with sessions as given. */
async function instance(sessions: JwtSessionOptions): Promise<INestApplicationContext> {
  const context = await NestFactory.createApplicationContext(
    JwtAuthModule.forRoot({ secret: BENCH_SECRET, algorithm: 'HS256', globalGuard: false, sessions }),
    { logger: false },
  );
  await context.init();
  return context;
}

/** Fills the revocation state so the lookups hit full maps, then answers the claims of a live token. */
async function liveClaims(context: INestApplicationContext): Promise<VerifiedClaims> {
  const sessions = context.get(SessionService);
  for (let i = 0; i < REVOKED_SESSIONS; i++) await sessions.revokeSession(`revoked-session-${i}`);
  for (let i = 0; i < REVOKED_USERS; i++) await sessions.revokeUser(`revoked-user-${i}`);
  for (let i = 0; i < REVOKED_TOKENS; i++) await sessions.revokeToken(`revoked-jti-${i}`);
  const { accessToken } = await sessions.open('bench-user');
  return context.get(JwtTokenService).verifyToken(accessToken);
}

/** Refreshes per second over `REFRESH_SECONDS` of wall time, with `chains` sessions refreshed side by side. */
async function refreshesPerSecond(sessions: SessionService, chains: number): Promise<number> {
  const pairs: SessionTokens[] = await Promise.all(
    Array.from({ length: chains }, () => sessions.open('bench-user')),
  );
  let count = 0;
  const end = Date.now() + REFRESH_SECONDS * 1000;
  await Promise.all(
    pairs.map(async (first) => {
      let pair = first;
      while (Date.now() < end) {
        pair = await sessions.refresh(pair.refreshToken);
        count++;
      }
    }),
  );
  return count / REFRESH_SECONDS;
}

/** Milliseconds from a revocation sent on `a` to `b` applying it, for each of `PROPAGATIONS` sessions. */
async function propagationDelays(a: INestApplicationContext, b: INestApplicationContext): Promise<number[]> {
  const sessions = a.get(SessionService);
  const state = b.get(RevocationState);
  const delays: number[] = [];
  for (let i = 0; i < PROPAGATIONS; i++) {
    const sid = `propagated-${i}-${Date.now()}`;
    const start = process.hrtime.bigint();
    const heard = new Promise<bigint>((resolve) => {
      const stop = state.onRevocation((revocation) => {
        if (revocation.kind === 'session' && revocation.sid === sid) {
          stop();
          resolve(process.hrtime.bigint());
        }
      });
    });
    await sessions.revokeSession(sid);
    delays.push(Number((await heard) - start) / 1e6);
  }
  return delays;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * The sessions section: the revocation check's cost per request (the in-memory lookup every
 * request makes, with the memory and the Redis store), refreshes per second, and how long a
 * revocation takes to reach another instance through Redis.
 */
export async function sessionsBench(): Promise<SessionsBenchResult> {
  console.log('\n## Sessions\n');
  const redis = await startBenchRedis();
  if (!redis) console.log('redis-server is not installed: the Redis rows are left out.');
  const contexts: INestApplicationContext[] = [];
  try {
    const stores: Array<[string, JwtSessionOptions]> = [['memory', {}]];
    if (redis) stores.push(['Redis', { redis: { url: redis.url } }]);
    const checkUs: Record<string, number> = {};
    const rows: string[][] = [];
    for (const [name, options] of stores) {
      const context = await instance(options);
      contexts.push(context);
      const claims = await liveClaims(context);
      const state = context.get(RevocationState);
      const revokedClaims = { ...claims, sid: 'revoked-session-7' };
      const [live, revoked, empty] = await microsecondsPerOp([
        () => state.check(claims),
        () => state.check(revokedClaims),
        () => undefined,
      ]);
      checkUs[name] = median(live) - median(empty);
      const sessions = context.get(SessionService);
      const [one, many] = [await refreshesPerSecond(sessions, 1), await refreshesPerSecond(sessions, 16)];
      rows.push([
        name,
        String(state.size),
        fixed(checkUs[name], 3),
        fixed(median(revoked) - median(empty), 3),
        fixed(one, 0),
        fixed(many, 0),
      ]);
    }
    console.log(
      table(
        [
          'store',
          'records held',
          'check, live token (µs)',
          'check, revoked token (µs)',
          'refreshes/s, 1 at a time',
          'refreshes/s, 16 at a time',
        ],
        rows,
      ),
    );
    console.log(
      '\nThe check is the same in-memory lookup whatever the store: three map lookups, CPU time per call less an empty ' +
        "call's. Refreshes per second are wall time in this one process (signing the access token included).",
    );
    if (!redis) return { checkUs };
    const [a, b] = [
      await instance({ redis: { url: redis.url } }),
      await instance({ redis: { url: redis.url } }),
    ];
    contexts.push(a, b);
    const delays = await propagationDelays(a, b);
    const result = { p50: percentile(delays, 50), p99: percentile(delays, 99) };
    console.log(
      `\nPropagation between two instances (two application contexts, each with its own Redis connections, in this process), ` +
        `${PROPAGATIONS} revocations: p50 ${fixed(result.p50)} ms, p99 ${fixed(result.p99)} ms, max ${fixed(Math.max(...delays))} ms ` +
        '(from the revocation sent on one to the other applying it; test/sessions/instances.e2e-spec.ts measures it between processes).',
    );
    return { checkUs, propagation: result };
  } finally {
    for (const context of contexts) await context.close();
    await redis?.stop();
  }
}
