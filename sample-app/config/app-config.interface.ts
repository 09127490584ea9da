import type { JwtAlgorithm } from 'nestjs-jwt-auth';

/** The sample app's settings, read once from the environment at start-up. */
export interface AppConfig {
  /** The HTTP port (`PORT`). Default `3000`. */
  readonly port: number;
  /** What `JwtAuthModule` is configured with. */
  readonly jwt: {
    /** `JWT_SECRET`; a random 64-byte secret, generated at start, when it is not set. */
    readonly secret: string | Buffer;
    /** `JWT_ALGORITHM`; when unset the module's default (`HS512`) applies. */
    readonly algorithm: JwtAlgorithm | undefined;
    /** `JWT_EXPIRATION`, the lifetime of issued tokens in seconds. Default `3600`. */
    readonly expiration: number;
  };
}
