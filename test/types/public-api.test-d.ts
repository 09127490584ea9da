// Type tests of the public API: what its types promise, checked by the compiler (`npm run
// typecheck`, which CI runs). An `@ts-expect-error` line must fail to compile: if a change makes it
// compile, the directive itself becomes the error. Nothing here runs.
import { Controller, Get, Injectable, type ExecutionContext } from '@nestjs/common';
import { expectTypeOf } from 'expect-type';
import {
  JwtAuthGuard,
  JwtAuthModule,
  JwtClaims,
  JwtTokenError,
  Permission,
  SessionError,
  type AnonymousReason,
  type CallRefusalCode,
  type CallRequest,
  type CsrfRefusalCode,
  type DpopRefusalCode,
  type GraphqlRefusalExtensions,
  type JwtAuthModuleAsyncOptions,
  type JwtAuthOptions,
  type JwtAuthOptionsFactory,
  type JwtRequestUser,
  type MaybePromise,
  type RefusalCode,
  type RequestIdentity,
  type SessionErrorCode,
  type VerifiedClaims,
} from 'nestjs-jwt-permissions';
import * as publicApi from 'nestjs-jwt-permissions';

declare const claims: VerifiedClaims;
declare const options: JwtAuthOptions;

// --- Options: a misspelt key or a wrong shape does not compile -----------------------------------

JwtAuthModule.forRoot({ secret: 'at least thirty-two characters of secret', expiration: 60 });
// @ts-expect-error `expirationn` is not an option
JwtAuthModule.forRoot({ secret: 's', expirationn: 60 });
// @ts-expect-error `expiration` is a number of seconds, not a string
JwtAuthModule.forRoot({ secret: 's', expiration: '1h' });
// @ts-expect-error `algorithm` is one of the JWS algorithm names
JwtAuthModule.forRoot({ secret: 's', algorithm: 'HS999' });
// @ts-expect-error `cookie.csrf` is an object of options or a boolean, not a header name
JwtAuthModule.forRoot({ secret: 's', cookie: { csrf: 'X-CSRF' } });
// @ts-expect-error a misspelt key inside a nested option object
JwtAuthModule.forRoot({ secret: 's', sessions: { idleTimeoutt: 60 } });
// @ts-expect-error `acl` entries are [action, principal, permissions] triples
JwtAuthModule.forRoot({ secret: 's', acl: [['Allow', 'admin']] });
// @ts-expect-error the module's own wiring (`globalGuard`) is not a token option
const tokenOnly: JwtAuthOptions = { secret: 's', globalGuard: false };
void tokenOnly;

// --- forRootAsync: what the factory, the class and `inject` may be ------------------------------

JwtAuthModule.forRootAsync({
  inject: ['CONFIG'],
  useFactory: (config: { secret: string }) => ({ secret: config.secret, leeway: 5 }),
});
JwtAuthModule.forRootAsync({ useFactory: async () => Promise.resolve(options) });
JwtAuthModule.forRootAsync({
  // @ts-expect-error the factory returns the options, not something else
  useFactory: () => 'secret',
});
JwtAuthModule.forRootAsync({
  // @ts-expect-error a misspelt key in the options the factory returns
  useFactory: (): JwtAuthOptions => ({ secret: 's', leewayy: 5 }),
});
expectTypeOf<ReturnType<NonNullable<JwtAuthModuleAsyncOptions['useFactory']>>>().toEqualTypeOf<
  JwtAuthOptions | Promise<JwtAuthOptions>
>();

@Injectable()
class OptionsFromConfig implements JwtAuthOptionsFactory {
  createJwtAuthOptions(): JwtAuthOptions {
    return { secret: 's' };
  }
}
JwtAuthModule.forRootAsync({ useClass: OptionsFromConfig, globalGuard: false });
class NotAFactory {
  options(): JwtAuthOptions {
    return { secret: 's' };
  }
}
// @ts-expect-error `useClass` must build the options with `createJwtAuthOptions()`
JwtAuthModule.forRootAsync({ useClass: NotAFactory });

// --- @Permission(): one permission, or a non-empty list -----------------------------------------

@Controller()
export class PermissionsCompile {
  @Permission('view')
  @Get('one')
  one(): void {}

  @Permission(['edit', 'review'])
  @Get('several')
  several(): void {}

  // @ts-expect-error an empty list would let nobody in: it does not compile
  @Permission([])
  @Get('none')
  none(): void {}
}
expectTypeOf(Permission).parameter(0).toEqualTypeOf<string | readonly [string, ...string[]]>();

// --- Claims are read-only, all the way down ------------------------------------------------------

// @ts-expect-error a claim cannot be reassigned
claims.sub = 'mallory';
// @ts-expect-error nor can a claim be added
claims['roles'] = ['admin'];
declare const roles: Extract<VerifiedClaims[string], readonly unknown[]>;
// @ts-expect-error nor can an array claim be changed in place
roles.push('admin');
declare const address: Exclude<Extract<VerifiedClaims[string], object>, readonly unknown[]>;
// @ts-expect-error nor a claim nested in an object claim
address['city'] = 'Paris';
expectTypeOf(claims.aud).toEqualTypeOf<string | readonly string[] | undefined>();
expectTypeOf<RequestIdentity['claims']>().toEqualTypeOf<VerifiedClaims | undefined>();
expectTypeOf<JwtRequestUser>().toMatchTypeOf<VerifiedClaims>();
expectTypeOf<JwtRequestUser['userId']>().toEqualTypeOf<string>();

// The decorator and the type have different names: `@JwtClaims() claims: VerifiedClaims`.
expectTypeOf(JwtClaims).returns.toEqualTypeOf<ParameterDecorator>();
// @ts-expect-error `JwtClaims` is the parameter decorator, not the claims' type
export type ClaimsByDecoratorName = JwtClaims;

// --- Refusal codes: one union, and subsets derived from it --------------------------------------

type Documented =
  | 'token_missing'
  | 'token_expired'
  | 'token_invalid'
  | 'token_revoked'
  | 'session_store_unavailable'
  | 'user_unknown'
  | 'token_ambiguous'
  | 'csrf_missing'
  | 'csrf_invalid'
  | 'group_finder_failed'
  | 'group_finder_faulty'
  | 'group_finder_timeout'
  | DpopCodes;
type DpopCodes =
  | 'dpop_proof_missing'
  | 'dpop_proof_invalid'
  | 'dpop_algorithm_not_allowed'
  | 'dpop_method_mismatch'
  | 'dpop_url_mismatch'
  | 'dpop_proof_stale'
  | 'dpop_proof_replayed'
  | 'dpop_token_hash_mismatch'
  | 'dpop_key_mismatch'
  | 'dpop_nonce_required'
  | 'dpop_bound_token';
type SessionOnly =
  | 'refresh_token_invalid'
  | 'refresh_token_expired'
  | 'refresh_token_reused'
  | 'refresh_token_revoked'
  | 'refresh_token_key_mismatch'
  | 'user_lookup_failed';

expectTypeOf<AnonymousReason>().toEqualTypeOf<Documented>();
expectTypeOf<CallRefusalCode>().toEqualTypeOf<Documented | 'permission_denied' | 'scope_missing'>();
expectTypeOf<SessionErrorCode>().toEqualTypeOf<SessionOnly | 'user_unknown' | 'session_store_unavailable'>();
expectTypeOf<CsrfRefusalCode>().toEqualTypeOf<'csrf_missing' | 'csrf_invalid'>();
expectTypeOf<DpopRefusalCode>().toEqualTypeOf<DpopCodes>();
expectTypeOf<RefusalCode>().toEqualTypeOf<CallRefusalCode | SessionErrorCode>();
expectTypeOf<RequestIdentity['anonymousReason']>().toEqualTypeOf<AnonymousReason | undefined>();
expectTypeOf<GraphqlRefusalExtensions['reason']>().toEqualTypeOf<CallRefusalCode>();
expectTypeOf<SessionError['code']>().toEqualTypeOf<SessionErrorCode>();

// --- The guard: no constructor arguments to pass on, and the documented steps typed -------------

expectTypeOf<ConstructorParameters<typeof JwtAuthGuard>>().toEqualTypeOf<[]>();

@Injectable()
export class QueryTokenGuard extends JwtAuthGuard {
  constructor(private readonly header: string) {
    super();
  }

  protected override extractToken(request: CallRequest, context?: ExecutionContext): string | undefined {
    const value = request.headers?.[this.header];
    return typeof value === 'string' ? value : super.extractToken(request, context);
  }

  protected override async verifyToken(token: string): Promise<VerifiedClaims | JwtTokenError> {
    const verified = await super.verifyToken(token);
    return verified instanceof JwtTokenError || verified.sub !== undefined
      ? verified
      : new JwtTokenError('claims_invalid');
  }

  protected override getPrincipals(
    verified: VerifiedClaims,
    request: unknown,
  ): MaybePromise<RequestIdentity> {
    return super.getPrincipals(verified, request);
  }
}

// --- What is no longer public --------------------------------------------------------------------

type Exported = keyof typeof publicApi;
expectTypeOf<'PrincipalsService'>().not.toMatchTypeOf<Exported>();
expectTypeOf<'ResourceLoaderRegistry'>().not.toMatchTypeOf<Exported>();
expectTypeOf<'JWT_AUTH_MODULE_OPTIONS'>().not.toMatchTypeOf<Exported>();
expectTypeOf<'JWT_AUTH_RESOLVED_OPTIONS'>().not.toMatchTypeOf<Exported>();
expectTypeOf<'MemorySessionStore'>().not.toMatchTypeOf<Exported>();
expectTypeOf<'JwtAuthGuard'>().toMatchTypeOf<Exported>();
