import type { JwtAlgorithm } from 'nestjs-jwt-permissions';

/** The sample app's settings, read once from the environment at start-up. */
export interface AppConfig {
  /** The HTTP port (`PORT`). Default `3000`. */
  readonly port: number;
  /** What `JwtAuthModule` is configured with. */
  readonly jwt: {
    /** `JWT_SECRET`; a random 64-byte secret, generated at start, when neither it nor a key pair is set. */
    readonly secret: string | Buffer | undefined;
    /** `JWT_PRIVATE_KEY`, a PEM private key (RS256 by default, or EdDSA): signs instead of the secret. */
    readonly privateKey: string | undefined;
    /** `JWT_PUBLIC_KEY`, its PEM public key; optional, as the module derives it from the private key. */
    readonly publicKey: string | undefined;
    /** `JWT_ALGORITHM`; when unset, `RS256` with a key pair, else the module's default (`HS512`). */
    readonly algorithm: JwtAlgorithm | undefined;
    /** `JWT_EXPIRATION`, the lifetime of issued tokens in seconds. Default `3600`. */
    readonly expiration: number;
  };
  /**
   * An OpenID provider whose access tokens the app accepts beside its own (`OIDC_ISSUER`), or
   * `undefined` when it accepts only its own.
   */
  readonly oidc: OidcProviderConfig | undefined;
  /** How sessions are kept. */
  readonly sessions: {
    /** `REFRESH_GRACE_SECONDS`: how long a just-used refresh token still refreshes. Default: the module's (10). */
    readonly reuseGracePeriod: number | undefined;
    /** `REDIS_URL`: the Redis that sessions are shared through; without it, they stay in this process. */
    readonly redisUrl: string | undefined;
  };
}

/** The claim-mapping presets `OIDC_CLAIMS` may name. */
export type OidcClaimsPreset = 'scope' | 'keycloak' | 'entra-id' | 'cognito' | 'auth0';

/** The OpenID provider the app trusts, from `OIDC_ISSUER`, `OIDC_AUDIENCE` and `OIDC_CLAIMS`. */
export interface OidcProviderConfig {
  /** `OIDC_ISSUER`: the provider's issuer, exactly as its tokens' `iss`; its keys are found by discovery. */
  readonly issuer: string;
  /** `OIDC_AUDIENCE`: this API's name at the provider, which its tokens' `aud` must hold. Required with `OIDC_ISSUER`. */
  readonly audience: string;
  /** `OIDC_CLAIMS`: which of its claims become principals. Default `scope`. */
  readonly claims: OidcClaimsPreset;
}
