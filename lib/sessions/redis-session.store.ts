import { createHash } from 'node:crypto';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { loadOptionalPackage } from '../refusal/optional-package.util';
import type { ResolvedRedisSessionOptions, RedisClientLike } from './redis-session.options';
import { CREATE_SESSION, LOAD_REVOCATIONS, REVOKE, ROTATE_REFRESH_TOKEN } from './redis-session.scripts';
import type {
  RefreshTokenRecord,
  RefreshTokenRotation,
  Revocation,
  RevocationWatcher,
  RotationOutcome,
  SessionRecord,
  StopWatching,
} from './session.interface';
import { SessionStore, SessionStoreUnavailableError, type SessionStoreConnection } from './session.store';

const RETRY_RESYNC_MS = 500;
/**
 * How often an instance compares the last revocation it heard of with Redis' counter. A message
 * can be lost without the connection closing (a Cluster moves its subscription to another node
 * when one dies): a skipped number shows it at the next message, this check when none follows.
 */
const CHECK_FEED_MS = 500;

/** A Lua script with its SHA-1, sent by hash once Redis knows it. */
interface Script {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

const SCRIPTS = {
  createSession: script(CREATE_SESSION),
  rotate: script(ROTATE_REFRESH_TOKEN),
  revoke: script(REVOKE),
  loadRevocations: script(LOAD_REVOCATIONS),
};

/** A finite number from a Redis field, or `undefined`: a reply is never trusted to be what was written. */
function numberField(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** HGETALL's reply (a flat array in ioredis' `call`), as an object; `undefined` for anything else. */
function fieldsOf(reply: unknown): Record<string, unknown> | undefined {
  if (!Array.isArray(reply) || reply.length === 0 || reply.length % 2 !== 0) return undefined;
  const fields = Object.create(null) as Record<string, unknown>;
  for (let i = 0; i < reply.length; i += 2) fields[String(reply[i])] = reply[i + 1];
  return fields;
}

function refreshTokenOf(hash: string, reply: unknown): RefreshTokenRecord | undefined {
  const fields = fieldsOf(reply);
  if (fields === undefined) return undefined;
  const [sid, userId, familyId] = [
    stringField(fields.sid),
    stringField(fields.userId),
    stringField(fields.familyId),
  ];
  const [issuedAt, expiresAt] = [numberField(fields.issuedAt), numberField(fields.expiresAt)];
  const usedAt = fields.usedAt === undefined ? undefined : numberField(fields.usedAt);
  if (!sid || !userId || !familyId || issuedAt === undefined || expiresAt === undefined) return undefined;
  if (fields.usedAt !== undefined && usedAt === undefined) return undefined;
  return usedAt === undefined
    ? { hash, sid, userId, familyId, issuedAt, expiresAt }
    : { hash, sid, userId, familyId, issuedAt, expiresAt, usedAt };
}

function sessionOf(reply: unknown): SessionRecord | undefined {
  const fields = fieldsOf(reply);
  if (fields === undefined) return undefined;
  const [sid, userId, familyId] = [
    stringField(fields.sid),
    stringField(fields.userId),
    stringField(fields.familyId),
  ];
  const [createdAt, expiresAt] = [numberField(fields.createdAt), numberField(fields.expiresAt)];
  if (
    !sid ||
    !userId ||
    !familyId ||
    createdAt === undefined ||
    expiresAt === undefined ||
    typeof fields.claims !== 'string'
  )
    return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(fields.claims);
  } catch {
    return undefined;
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return undefined;
  return {
    sid,
    userId,
    familyId,
    claims: claims as Record<string, unknown>,
    createdAt,
    expiresAt,
    revoked: fields.revoked === '1',
  };
}

/** A revocation from its JSON (a published message, a stored record); `undefined` for anything else. */
export function parseRevocation(text: unknown): Revocation | undefined {
  if (typeof text !== 'string') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { kind, jti, sid, userId, before, expiresAt } = value as Record<string, unknown>;
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return undefined;
  if (kind === 'token' && typeof jti === 'string' && jti !== '') return { kind, jti, expiresAt };
  if (kind === 'session' && typeof sid === 'string' && sid !== '') return { kind, sid, expiresAt };
  if (
    kind === 'user' &&
    typeof userId === 'string' &&
    userId !== '' &&
    typeof before === 'number' &&
    Number.isFinite(before)
  ) {
    return { kind, userId, before, expiresAt };
  }
  return undefined;
}

/** A published message: the revocation's sequence number and the revocation; `undefined` for anything else. */
function parseMessage(message: unknown): { seq: number; revocation: Revocation } | undefined {
  if (typeof message !== 'string') return undefined;
  const match = /^([1-9]\d{0,14}) /.exec(message);
  const revocation = match && parseRevocation(message.slice(match[0].length));
  return revocation ? { seq: Number(match[1]), revocation } : undefined;
}

/** A sequence number as Redis answers it (a string of digits, `0` before the first revocation). */
function seqOf(reply: unknown): number | undefined {
  return typeof reply === 'string' && /^\d{1,15}$/.test(reply) ? Number(reply) : undefined;
}

function idOf(revocation: Revocation): string {
  return revocation.kind === 'token'
    ? revocation.jti
    : revocation.kind === 'session'
      ? revocation.sid
      : revocation.userId;
}

/**
 * The {@link SessionStore} for several instances: sessions, refresh tokens and revocations in
 * Redis, through `ioredis`. Rotation and revocation are Lua scripts (atomic on the server);
 * revocations are published on a channel that every instance subscribes to, and a revocation is
 * in the table before it is published, so an instance that loads the table after subscribing
 * misses none. Revocations are numbered: an instance that finds a number skipped (in the messages,
 * or against the counter every {@link CHECK_FEED_MS}) reloads the table. Every reply is checked
 * against what this store writes: anything else reads as no record.
 */
export class RedisSessionStore extends SessionStore implements OnApplicationShutdown {
  private readonly logger = new Logger('JwtAuth');
  private readonly client: RedisClientLike;
  private readonly ownsClient: boolean;
  private readonly base: string;
  private readonly channel: string;
  private subscriber: RedisClientLike | undefined;
  private readonly watchers = new Set<RevocationWatcher>();
  private interrupted = false;
  private resyncing = false;
  private closed = false;
  /** The sequence number of the last revocation the watchers have (heard or loaded). */
  private heard: number | undefined;
  /** The highest number heard while a resync runs, which the reloaded table may predate. */
  private heardDuringResync = 0;
  /** A number the counter had reached, unheard at the last check. */
  private suspect: number | undefined;
  private checker: NodeJS.Timeout | undefined;
  private lastNow = Date.now();
  private readonly connecting = new Map<RedisClientLike, Promise<void>>();

  constructor(private readonly options: ResolvedRedisSessionOptions) {
    super();
    if (options.client) {
      this.client = options.client;
      this.ownsClient = false;
    } else {
      // The default export: ioredis before 5.3 has no named `Redis` export.
      const Redis = loadOptionalPackage<typeof import('ioredis')>(
        'ioredis',
        'The Redis session store ("sessions.redis")',
      ).default;
      // No offline queue: while Redis is away a command fails at once (503) instead of waiting.
      this.client = new Redis(options.url!, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        lazyConnect: true,
      });
      this.client.on('error', () => undefined); // reported through the commands that fail
      this.ownsClient = true;
    }
    // The hash tag (in braces) puts every key of this prefix in one Cluster slot.
    this.base = `{${options.keyPrefix}}`;
    this.channel = `${options.keyPrefix}revocations`;
  }

  async createSession(session: SessionRecord, token: RefreshTokenRecord): Promise<void> {
    this.lastNow = session.createdAt;
    await this.run(
      SCRIPTS.createSession,
      [this.sessionKey(session.sid), this.tokenKey(token.hash)],
      [
        this.base,
        session.sid,
        session.userId,
        session.familyId,
        JSON.stringify(session.claims),
        session.createdAt,
        session.expiresAt,
        token.sid,
        token.userId,
        token.familyId,
        token.issuedAt,
        token.expiresAt,
      ],
    );
  }

  async findRefreshToken(hash: string): Promise<RefreshTokenRecord | undefined> {
    return refreshTokenOf(hash, await this.command('HGETALL', this.tokenKey(hash)));
  }

  async rotateRefreshToken({ hash, next, now, gracePeriod }: RefreshTokenRotation): Promise<RotationOutcome> {
    this.lastNow = now;
    const reply = await this.run(
      SCRIPTS.rotate,
      [this.tokenKey(hash)],
      [
        this.base,
        now,
        gracePeriod,
        next.hash,
        next.sid,
        next.userId,
        next.familyId,
        next.issuedAt,
        next.expiresAt,
      ],
    );
    if (!Array.isArray(reply)) return { status: 'unknown' };
    const [status, fields] = reply as [unknown, unknown];
    const session = fields === undefined ? undefined : sessionOf(fields);
    switch (status) {
      case 'rotated':
      case 'grace':
        return session === undefined ? { status: 'unknown' } : { status, session };
      case 'reused':
      case 'revoked':
      case 'expired':
        return { status, session };
      default:
        return { status: 'unknown' };
    }
  }

  async revoke(revocation: Revocation, now: number): Promise<void> {
    this.lastNow = now;
    const before = revocation.kind === 'user' ? revocation.before : '';
    await this.run(
      SCRIPTS.revoke,
      [this.revocationsKey(), this.revocationsExpiryKey(), this.revocationsSeqKey()],
      [
        this.base,
        this.channel,
        now,
        revocation.kind,
        idOf(revocation),
        before,
        revocation.expiresAt,
        JSON.stringify(revocation),
      ],
    );
  }

  /** The revocations in force; what it returns counts as heard (the watchers are given it). */
  async loadRevocations(now: number): Promise<readonly Revocation[]> {
    const { seq, revocations } = await this.loadTable(now);
    this.heard = Math.max(this.heard ?? 0, seq);
    return revocations;
  }

  private async loadTable(now: number): Promise<{ seq: number; revocations: Revocation[] }> {
    const reply = await this.run(
      SCRIPTS.loadRevocations,
      [this.revocationsKey(), this.revocationsSeqKey()],
      [],
    );
    const [seqReply, table] = Array.isArray(reply) ? (reply as unknown[]) : [];
    const fields = fieldsOf(table) ?? {};
    const revocations: Revocation[] = [];
    for (const text of Object.values(fields)) {
      const revocation = parseRevocation(text);
      if (revocation !== undefined && revocation.expiresAt > now) revocations.push(revocation);
    }
    return { seq: seqOf(seqReply) ?? 0, revocations };
  }

  async watchRevocations(watcher: RevocationWatcher): Promise<StopWatching> {
    this.watchers.add(watcher);
    await this.subscribe();
    return () => {
      this.watchers.delete(watcher);
    };
  }

  async recordOnce(id: string, expiresAt: number, now: number): Promise<boolean> {
    this.lastNow = now;
    // SET NX is atomic on the server: of two instances recording the same id, one gets OK. An id
    // already past its end is recorded for a millisecond, which PXAT needs to be in the future.
    const reply = await this.command(
      'SET',
      this.onceKey(id),
      '1',
      'NX',
      'PXAT',
      Math.max(expiresAt, now + 1),
    );
    return reply === 'OK';
  }

  /**
   * Connected while both connections are `ready` (ioredis' status) and the revocation feed has not
   * been cut since the last resync. No command is sent: a health check must not queue behind Redis.
   */
  override connectionStatus(): SessionStoreConnection {
    const client = this.client.status;
    const subscriber = this.subscriber?.status ?? 'not subscribed';
    return {
      connected: client === 'ready' && subscriber === 'ready' && !this.interrupted,
      detail: `client: ${client}, subscriber: ${subscriber}${this.interrupted ? ', revocation feed: resyncing' : ''}`,
    };
  }

  /** Closes the subscription, and the connection when the store opened it. */
  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearInterval(this.checker);
    const connections = [this.subscriber, this.ownsClient ? this.client : undefined];
    await Promise.all(
      connections.map(async (connection) => {
        await connection?.quit().catch(() => connection.disconnect());
      }),
    );
  }

  /** Connects (once) and subscribes to the channel; later reconnections resync the watchers. */
  private async subscribe(): Promise<void> {
    if (this.subscriber !== undefined) return;
    await this.connect(this.client);
    const subscriber = this.client.duplicate();
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined);
    subscriber.on('message', (channel: unknown, message: unknown) => {
      if (channel !== this.channel) return;
      const parsed = parseMessage(message);
      if (parsed === undefined) {
        this.logger.warn('ignored a revocation message that this store did not write');
        return;
      }
      for (const watcher of this.watchers) watcher.revoked(parsed.revocation);
      this.hear(parsed.seq);
    });
    subscriber.on('close', () => this.interrupt());
    subscriber.on('end', () => this.interrupt());
    subscriber.on('ready', () => {
      if (this.interrupted) void this.resync('the Redis revocation feed is back and resynced');
    });
    await this.connect(subscriber);
    await subscriber.subscribe(this.channel);
    this.checker = setInterval(() => void this.checkFeed(), CHECK_FEED_MS).unref();
  }

  /** Notes a message's number; one skipped means a message was lost: reload the table. */
  private hear(seq: number): void {
    if (this.resyncing) this.heardDuringResync = Math.max(this.heardDuringResync, seq);
    const skipped = this.heard !== undefined && seq > this.heard + 1;
    this.heard = Math.max(this.heard ?? 0, seq);
    if (skipped && !this.interrupted)
      void this.resync('missed a Redis revocation message; reloaded them all');
  }

  /**
   * Compares the counter with the last number heard. A number ahead of it gets until the next
   * check to arrive (it may be on its way on the other connection); still unheard, the table is
   * reloaded.
   */
  private async checkFeed(): Promise<void> {
    if (this.interrupted || this.resyncing || this.closed || this.heard === undefined) return;
    if (this.suspect !== undefined && this.suspect > this.heard) {
      this.suspect = undefined;
      await this.resync('missed a Redis revocation message; reloaded them all');
      return;
    }
    let seq: number | undefined;
    try {
      seq = seqOf(await this.command('GET', this.revocationsSeqKey()));
    } catch {
      return; // unreachable: the subscription's own events say so
    }
    this.suspect = seq !== undefined && seq > this.heard ? seq : undefined;
  }

  /** The feed is cut: tell the watchers, once, until the next resync. */
  private interrupt(): void {
    if (this.interrupted || this.closed) return;
    this.interrupted = true;
    this.logger.warn(
      'lost the Redis revocation feed; revocations are checked against the last known state until it is back',
    );
    for (const watcher of this.watchers) watcher.interrupted?.();
  }

  /**
   * After a reconnection: reload the whole table and hand it to the watchers, retrying until it
   * loads. Messages that arrive meanwhile are delivered as usual and kept for after the reload,
   * which would otherwise replace them with an older snapshot.
   */
  private async resync(done: string): Promise<void> {
    if (this.resyncing) return;
    this.resyncing = true;
    this.heardDuringResync = 0;
    const arrived: Revocation[] = [];
    const keep: RevocationWatcher = { revoked: (revocation) => arrived.push(revocation) };
    this.watchers.add(keep);
    try {
      while (!this.closed) {
        try {
          const { seq, revocations } = await this.loadTable(this.lastNow);
          // The counter may have gone back (Redis restarted without its data): trust the table.
          this.heard = Math.max(seq, this.heardDuringResync);
          this.interrupted = false;
          this.watchers.delete(keep);
          for (const watcher of this.watchers) {
            watcher.resynced?.(revocations);
            for (const revocation of arrived) watcher.revoked(revocation);
          }
          this.logger.log(done);
          return;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, RETRY_RESYNC_MS).unref());
        }
      }
    } finally {
      this.watchers.delete(keep);
      this.resyncing = false;
    }
  }

  /** Waits for a connection the store opened lazily; a client given connected is used as it is. */
  private async connect(connection: RedisClientLike): Promise<void> {
    if (connection.status === 'ready') return;
    const connectable = connection as RedisClientLike & { connect?: () => Promise<void> };
    // Commands sent at once on a fresh store all wait for the one connection under way: without
    // an offline queue, a command sent while it connects would fail.
    let connecting = this.connecting.get(connection);
    if (
      connecting === undefined &&
      connection.status === 'wait' &&
      typeof connectable.connect === 'function'
    ) {
      connecting = this.bounded(connectable.connect());
      this.connecting.set(connection, connecting);
      void connecting.then(
        () => this.connecting.delete(connection),
        () => this.connecting.delete(connection),
      );
    }
    if (connecting !== undefined) {
      try {
        await connecting;
      } catch (error) {
        throw new SessionStoreUnavailableError(
          `cannot reach Redis: ${String((error as Error)?.message ?? error)}`,
          { cause: error },
        );
      }
    }
  }

  /** Runs a script by its hash, sending its source the first time Redis does not know it. */
  private async run(lua: Script, keys: string[], args: Array<string | number>): Promise<unknown> {
    try {
      return await this.command('EVALSHA', lua.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof SessionStoreUnavailableError) || !String(error.cause).includes('NOSCRIPT'))
        throw error;
      return this.command('EVAL', lua.source, keys.length, ...keys, ...args);
    }
  }

  /** One command, bounded by `commandTimeout`; any failure is the store being unavailable. */
  private async command(name: string, ...args: Array<string | number>): Promise<unknown> {
    await this.connect(this.client);
    try {
      return await this.bounded(this.client.call(name, ...args));
    } catch (error) {
      throw new SessionStoreUnavailableError(`Redis ${name} failed`, { cause: error });
    }
  }

  private bounded<T>(promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${this.options.commandTimeout} ms`)),
        this.options.commandTimeout,
      );
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  private sessionKey(sid: string): string {
    return `${this.base}s:${sid}`;
  }

  private tokenKey(hash: string): string {
    return `${this.base}r:${hash}`;
  }

  private onceKey(id: string): string {
    // Hashed: the id comes from a client, so its length and characters are not the store's to trust.
    return `${this.base}o:${createHash('sha256').update(id).digest('base64url')}`;
  }

  private revocationsKey(): string {
    return `${this.base}revocations`;
  }

  private revocationsExpiryKey(): string {
    return `${this.base}revocations:expiry`;
  }

  private revocationsSeqKey(): string {
    return `${this.base}revocations:seq`;
  }
}
