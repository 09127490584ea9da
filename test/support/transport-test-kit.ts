import { Injectable, type DynamicModule } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import {
  JwtAuthModule,
  JwtTokenService,
  type GroupFinder,
  type JwtAuthModuleOptions,
} from 'nestjs-jwt-permissions';

/**
 * The clock the scenarios give `JwtAuthModule` (its `clock` option), moved by hand so that a token
 * expires without waiting.
 */
export class TestClock {
  private now = Date.now();

  /** The `clock` option: milliseconds since the epoch. */
  readonly read = (): number => this.now;

  /** Moves the clock forward (or back, with a negative number) by `seconds`. */
  advance(seconds: number): void {
    this.now += seconds * 1000;
  }
}

/** What the GroupFinder of the scenarios throws for `failing`: the client must never see it. */
export const GROUP_FINDER_ERROR = 'user store unavailable at 10.0.0.7';

/**
 * The scenarios' users: alice is an `admin`, bob has no group, carol is refused (a disabled user).
 * Three users break the lookup: `failing` (it throws), `faulty` (it returns a string) and `stalled`
 * (it never answers).
 */
@Injectable()
export class TestGroupFinder implements GroupFinder {
  /** The user id of every call, in order, for specs that count them. */
  readonly calls: string[] = [];

  findGroups(userId: string): readonly string[] | null | Promise<readonly string[]> {
    this.calls.push(userId);
    if (userId === 'alice') return ['admin'];
    if (userId === 'bob') return [];
    if (userId === 'failing') throw new Error(GROUP_FINDER_ERROR);
    if (userId === 'faulty') return 'admin' as never;
    if (userId === 'stalled') return new Promise(() => undefined);
    return null;
  }
}

/**
 * {@link TestGroupFinder}, throwing once when `failNext` is set: a passing fault (a database that
 * blinked), which a connection must not keep for the rest of its life.
 */
@Injectable()
export class FlakyTestGroupFinder extends TestGroupFinder {
  /** Whether the next call throws; cleared by that call. */
  failNext = false;

  override findGroups(userId: string): readonly string[] | null | Promise<readonly string[]> {
    if (!this.failNext) return super.findGroups(userId);
    this.failNext = false;
    throw new Error(GROUP_FINDER_ERROR);
  }
}

/** The `groupFinderTimeout` of the scenarios, short so that `stalled` is refused quickly. */
export const TEST_GROUP_FINDER_TIMEOUT = 200;

/**
 * {@link TestGroupFinder}'s users, answered after a timer, as a finder that asks a database does:
 * guard runs that start before it answers overlap.
 */
@Injectable()
export class AsyncTestGroupFinder implements GroupFinder {
  private readonly users = new TestGroupFinder();

  /** The user id of every call, in order, for specs that count them. */
  get calls(): readonly string[] {
    return this.users.calls;
  }

  async findGroups(userId: string): Promise<readonly string[] | null> {
    await new Promise((resolve) => setTimeout(resolve, 20));
    return this.users.findGroups(userId);
  }
}

/** `JwtAuthModule` as every transport scenario configures it, on `clock`. */
export function jwtAuthModuleForTest(clock: TestClock, options: JwtAuthModuleOptions = {}): DynamicModule {
  return JwtAuthModule.forRoot({
    secret: randomBytes(64),
    clock: clock.read,
    groupFinder: TestGroupFinder,
    groupFinderTimeout: TEST_GROUP_FINDER_TIMEOUT,
    ...options,
  });
}

/** One token of each kind a scenario sends. */
export interface TestTokens {
  /** alice's token, with a `name` claim: she is an `admin`. */
  readonly alice: string;
  /** bob's token: authenticated, without the `admin` group. */
  readonly bob: string;
  /** carol's token: valid, but the GroupFinder refuses her. */
  readonly carol: string;
  /** alice's token, expired an hour ago. */
  readonly expired: string;
  /** alice's claims under the signature of bob's token: a forgery. */
  readonly forged: string;
  /** Valid tokens of the users whose lookup throws, answers a string, or never answers. */
  readonly failing: string;
  readonly faulty: string;
  readonly stalled: string;
}

/** Issues the scenario's tokens with the application's own `JwtTokenService`. */
export async function issueTestTokens(tokens: JwtTokenService, clock: TestClock): Promise<TestTokens> {
  const alice = await tokens.createToken('alice', { claims: { name: 'Alice' } });
  const bob = await tokens.createToken('bob', { claims: { name: 'Bob' } });
  const carol = await tokens.createToken('carol');
  clock.advance(-7200);
  const expired = await tokens.createToken('alice', { expiration: 3600, claims: { name: 'Alice' } });
  clock.advance(7200);
  const [, alicePayload] = alice.split('.');
  const [bobHeader, , bobSignature] = bob.split('.');
  const [failing, faulty, stalled] = await Promise.all(
    ['failing', 'faulty', 'stalled'].map((user) => tokens.createToken(user)),
  );
  return {
    alice,
    bob,
    carol,
    expired,
    forged: `${bobHeader}.${alicePayload}.${bobSignature}`,
    failing,
    faulty,
    stalled,
  };
}
