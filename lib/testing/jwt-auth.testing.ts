import type { INestApplicationContext } from '@nestjs/common';
import { JWT_AUTH_MODULE_OPTIONS, JWT_AUTH_RESOLVED_OPTIONS } from '../jwt-auth.constants';
import { resolveJwtAuthOptions, type JwtAuthOptions, type ResolvedJwtAuthOptions } from '../jwt-auth.options';
import { GroupFinder } from '../identity/group-finder.interface';
import { JwtTokenService, type CreateTokenOptions } from '../token/jwt-token.service';
import { FixedGroupFinder } from './fixed.group-finder';
import { TestClock } from './test.clock';

/**
 * What {@link JwtAuthTesting.override} needs of `Test.createTestingModule(...)`: its
 * `overrideProvider()`. Typed by shape, so that the kit does not depend on `@nestjs/testing`.
 */
export interface OverridableModuleBuilder<Builder> {
  overrideProvider(token: unknown): {
    useValue(value: unknown): Builder;
    useFactory(options: { factory: (...args: never[]) => unknown; inject?: unknown[] }): Builder;
  };
}

/** What {@link JwtAuthTesting.override} replaces in the application under test. */
export interface JwtAuthTestingOverrides {
  /**
   * Replace the application's GroupFinder (its own class or the `GroupFinder` token) with a
   * {@link FixedGroupFinder} of these users. Default: the application's GroupFinder is kept.
   */
  groups?: Readonly<Record<string, readonly string[] | null>>;
  /**
   * The clock the application runs on: a {@link TestClock}, or where a new one starts (a `Date` or
   * milliseconds since the epoch). Default: a new `TestClock` at the real time. It replaces the
   * application's `clock` option.
   */
  clock?: TestClock | Date | number;
}

/** Per-token settings of {@link JwtAuthTesting.token}. */
export interface TestTokenOptions extends CreateTokenOptions {
  /**
   * The user's groups, recorded in the {@link FixedGroupFinder} installed by
   * `JwtAuthTesting.override(builder, { groups })`. Default: the groups it already has.
   */
  groups?: readonly string[] | null;
}

/** Something that resolves the application's providers: an `INestApplication` or a `TestingModule`. */
export type ProviderLookup = Pick<INestApplicationContext, 'get'>;

/**
 * The testing kit of an application that imports `JwtAuthModule`: mints tokens with the
 * application's own keys, and reaches the clock and the GroupFinder that
 * {@link JwtAuthTesting.override} installed.
 *
 * ```ts
 * const moduleRef = await JwtAuthTesting.override(Test.createTestingModule({ imports: [AppModule] }), {
 *   groups: { alice: ['admin'] },
 * }).compile();
 * const app = moduleRef.createNestApplication();
 * await app.init();
 * const auth = JwtAuthTesting.from(app);
 * await request(app.getHttpServer()).get('/admin').set(await auth.bearer('alice')).expect(200);
 * auth.clock.advance(3600); // alice's token has now expired
 * ```
 */
export class JwtAuthTesting {
  private constructor(private readonly app: ProviderLookup) {}

  /**
   * Installs a {@link TestClock} as the application's clock and, with `groups`, a
   * {@link FixedGroupFinder} in place of its GroupFinder. Call it on the builder before `compile()`.
   */
  static override<Builder extends OverridableModuleBuilder<Builder>>(
    builder: Builder,
    overrides: JwtAuthTestingOverrides = {},
  ): Builder {
    const clock = overrides.clock instanceof TestClock ? overrides.clock : new TestClock(overrides.clock);
    let overridden = builder.overrideProvider(JWT_AUTH_RESOLVED_OPTIONS).useFactory({
      factory: (options: JwtAuthOptions) => resolveJwtAuthOptions({ ...options, clock: clock.read }),
      inject: [JWT_AUTH_MODULE_OPTIONS],
    });
    if (overrides.groups !== undefined) {
      overridden = overridden.overrideProvider(GroupFinder).useValue(new FixedGroupFinder(overrides.groups));
    }
    return overridden;
  }

  /** The kit of a compiled application (`INestApplication` or `TestingModule`). */
  static from(app: ProviderLookup): JwtAuthTesting {
    return new JwtAuthTesting(app);
  }

  /** The clock the application runs on, installed by {@link JwtAuthTesting.override}. */
  get clock(): TestClock {
    const clock = TestClock.owning(this.options.clock);
    if (clock === undefined) {
      throw new Error(
        'JwtAuthTesting: the application does not run on a TestClock. Build it with ' +
          'JwtAuthTesting.override(Test.createTestingModule(...)), or pass clock: new TestClock().read to JwtAuthModule.',
      );
    }
    return clock;
  }

  /** The GroupFinder installed by `JwtAuthTesting.override(builder, { groups })`. */
  get groupFinder(): FixedGroupFinder {
    const finders: unknown[] = this.app.get(GroupFinder, { strict: false, each: true });
    const fixed = finders.find((finder): finder is FixedGroupFinder => finder instanceof FixedGroupFinder);
    if (fixed === undefined) {
      throw new Error(
        'JwtAuthTesting: the application has no FixedGroupFinder. Build it with ' +
          'JwtAuthTesting.override(Test.createTestingModule(...), { groups: {} }).',
      );
    }
    return fixed;
  }

  /**
   * A token for `userId`, signed with the application's keys at the application's clock: its
   * `claims`, its lifetime (`expiration`, seconds) and, with `groups`, the user's groups in the
   * {@link FixedGroupFinder}.
   */
  async token(userId: string, options: TestTokenOptions = {}): Promise<string> {
    const { groups, ...tokenOptions } = options;
    if (groups !== undefined) this.groupFinder.set(userId, groups);
    return this.app.get(JwtTokenService, { strict: false }).createToken(userId, tokenOptions);
  }

  /**
   * The header that carries a token for `userId` ({@link JwtAuthTesting.token}), ready for supertest's `.set()`:
   * `{ Authorization: 'Bearer …' }`, or the bare token under a custom `httpHeader`.
   */
  async bearer(userId: string, options?: TestTokenOptions): Promise<Record<string, string>> {
    const token = await this.token(userId, options);
    const { httpHeader, authTypes } = this.options;
    const scheme = authTypes.has('bearer') ? 'Bearer' : [...authTypes][0];
    return { [httpHeader]: scheme === undefined ? token : `${scheme} ${token}` };
  }

  private get options(): ResolvedJwtAuthOptions {
    return this.app.get<ResolvedJwtAuthOptions>(JWT_AUTH_RESOLVED_OPTIONS, { strict: false });
  }
}
