// The whole public API of nestjs-jwt-auth. Anything not exported here is internal.
export { JwtAuthModule } from './jwt-auth.module';
export type {
  JwtAuthOptions,
  JwtAuthModuleOptions,
  JwtAuthModuleExtras,
  JwtAuthModuleAsyncOptions,
  JwtAuthOptionsFactory,
  ResolvedJwtAuthOptions,
} from './jwt-auth.options';
export { Authenticated, Everyone, JWT_AUTH_MODULE_OPTIONS, JWT_AUTH_RESOLVED_OPTIONS } from './jwt-auth.constants';
export { JwtAuthGuard } from './jwt-auth.guard';
export { JwtTokenService, type CreateTokenOptions } from './token/jwt-token.service';
export { JwtTokenError, type JwtTokenErrorCode } from './token/jwt-token.errors';
export type { JwtAlgorithm } from './token/jwt-keys';
export type { TokenCacheOptions } from './token/verified-token-cache.options';
export { GroupFinder } from './identity/group-finder';
export { PrincipalsService } from './identity/principals.service';
export type { JwtAuthClaims, JwtAuthRequestData, RequestIdentity, AnonymousReason } from './identity/identity.interface';
export { Permission, Public } from './authorization/permission.decorator';
export type { RefusalCode } from './http/challenge';
export { JwtClaims, AuthenticatedUserId, EffectivePrincipals } from './decorators/request-data.decorators';
