// The whole public API of nestjs-jwt-permissions. Anything not exported here is internal.
export { JwtAuthModule } from './jwt-auth.module';
export type {
  JwtAuthOptions,
  JwtAuthModuleOptions,
  JwtAuthModuleExtras,
  JwtAuthModuleAsyncOptions,
  JwtAuthOptionsFactory,
} from './jwt-auth.options';
export { Authenticated, Everyone } from './jwt-auth.constants';
export { JwtAuthGuard } from './jwt-auth.guard';
export { JwtTokenService, type CreateTokenOptions } from './token/jwt-token.service';
export type { IssuedToken } from './token/issued-token.interface';
export { JwtTokenError, JwtVerifyOnlyError, type JwtTokenErrorCode } from './token/jwt-token.errors';
export type { JwtAlgorithm } from './token/jwt-algorithm.constants';
export type { JwtKeyInput } from './token/key-input.parser';
export type { JwtKeyOptions } from './token/jwt-key.options';
export { jwkThumbprint, type JsonWebKeySet } from './token/jwk.util';
export type { JwksOptions } from './token/jwks.options';
export type { TokenCacheOptions } from './token/verified-token-cache.options';
export type { IssuerOptions, IssuerFetchOptions } from './issuers/issuer.options';
export type { OidcDiscoveryKind } from './issuers/oidc-discovery.parser';
export type { ClaimMapping } from './issuers/claims-mapping.options';
export {
  keycloakClaims,
  entraIdClaims,
  cognitoClaims,
  auth0Claims,
  scopeClaims,
  type KeycloakClaimsOptions,
  type Auth0ClaimsOptions,
} from './issuers/claims-mapping.presets';
export type { RemoteDocumentOptions } from './utils/remote-document.options';
export { GroupFinder } from './identity/group-finder.interface';
export { userPrincipal } from './identity/user-principal.util';
export type {
  VerifiedClaims,
  JwtAuthRequestData,
  RequestIdentity,
  ReadonlyJsonValue,
  JwtRequestUser,
} from './identity/identity.interface';
export { Permission, Public } from './authorization/permission.decorator';
export { Scopes } from './authorization/scopes.decorator';
export type { ScopePermissions } from './authorization/scope-permissions.options';
export type { ResourceMetadataOptions } from './http/resource-metadata.options';
export type { ProtectedResourceMetadata } from './http/resource-metadata.builder';
export type {
  PermissionList,
  PermissionOptions,
  PermissionRequirement,
} from './authorization/permission.interface';
export {
  Allow,
  Deny,
  ALL_PERMISSIONS,
  DENY_ALL,
  type AllPermissionsList,
} from './authorization/acl.constants';
export type { Ace, AceAction, AcePermissions, Acl, AclResource } from './authorization/acl.interface';
export { AclDecision, AclAllowed, AclDenied } from './authorization/acl-decision.model';
export { AclService } from './authorization/acl.service';
export { ResourceLoader } from './authorization/resource-loader.interface';
export { PermissionResource } from './authorization/permission-resource.decorator';
export type {
  RefusalCode,
  CallRefusalCode,
  AnonymousReason,
  SessionErrorCode,
  CsrfRefusalCode,
  DpopRefusalCode,
} from './refusal/refusal-code.interface';
export { WS_CLOSE_UNAUTHORIZED } from './refusal/ws.refusal';
export { WS_CLOSE_FORBIDDEN } from './refusal/graphql-ws.refusal';
export { GraphqlRefusal, type GraphqlRefusalExtensions } from './refusal/graphql.refusal';
export type { QuietRefusal } from './refusal/quiet-refusal.exception';
export { rememberHandshake } from './credentials/ws.transport';
export type { GraphqlWsConnection } from './credentials/graphql-ws.transport';
export { GraphqlWsAuthService, type GraphqlWsAuthHooks } from './graphql-ws/graphql-ws-auth.service';
export type { GraphqlWsAuthOptions } from './graphql-ws/graphql-ws-auth.options';
export { JwtClaims, AuthenticatedUserId, EffectivePrincipals } from './decorators/request-data.decorators';
export type { CallRequest } from './credentials/call-request.interface';
export type {
  TokenCredentials,
  TokenSource,
  ExtractedCredentials,
} from './credentials/token-credentials.util';
export { CookieAuthService } from './cookies/cookie-auth.service';
export { NoReissue } from './cookies/no-reissue.decorator';
export type {
  RememberOptions,
  RememberedSession,
  RememberedTokenPair,
} from './cookies/cookie-auth.interface';
export type { JwtCookieOptions, JwtCookieCsrfOptions } from './cookies/cookie-auth.options';
export type { CookieSameSite } from './cookies/cookie-header.util';
export type { MaybePromise } from './utils/maybe-promise.util';
export { RouteReportService } from './observability/route-report.service';
export { JwtAuthEvents } from './observability/jwt-auth-events.service';
export type {
  JwtAuthEventMap,
  JwtAuthEventName,
  CallTransport,
  CallDescription,
  AuthenticatedEvent,
  RefusedEvent,
  PermissionDeniedEvent,
  TokenRevokedEvent,
  RefreshTokenReusedEvent,
  JwksRefreshFailedEvent,
  StaleKeysInUseEvent,
  CookieReissuedEvent,
  CsrfFailedEvent,
} from './observability/jwt-auth.events';
export type { JwtTelemetryOptions } from './observability/telemetry.options';
export { formatRouteReport } from './observability/route-report.formatter';
export { JwtAuthHealthIndicator, type JwtAuthHealthResult } from './observability/jwt-auth-health.indicator';
export type {
  JwksHealthOptions,
  JwksProblem,
  JwksSourceHealth,
  SessionStoreHealth,
} from './observability/health.assessment';
export type { JwksStatus, RemoteKeysStatus } from './token/jwks.status';
export type {
  RouteReport,
  RouteReportRow,
  RouteTransport,
  RouteGuarding,
} from './observability/route-report.interface';
export {
  SessionService,
  type OpenSessionOptions,
  type RefreshSessionOptions,
  type SessionTokens,
} from './sessions/session.service';
export {
  SessionStore,
  SessionStoreUnavailableError,
  type SessionStoreConnection,
} from './sessions/session.store';
export {
  RevocationState,
  type RevocationFeedStatus,
  type RevocationListener,
} from './sessions/revocation.state';
export { SessionError } from './sessions/session.errors';
export type {
  SessionRecord,
  RefreshTokenRecord,
  Revocation,
  RefreshTokenRotation,
  RotationOutcome,
  RevocationWatcher,
  StopWatching,
} from './sessions/session.interface';
export type { JwtSessionOptions } from './sessions/session.options';
export type { RedisSessionOptions, RedisClientLike } from './sessions/redis-session.options';
export type { JwtDpopOptions } from './dpop/dpop.options';
export { DpopService, type DpopCheckRefusal, type DpopTokenRequestProof } from './dpop/dpop.service';
export { DpopProofError } from './dpop/dpop-proof.error';
