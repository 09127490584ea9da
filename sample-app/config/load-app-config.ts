import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { JwtAlgorithm } from 'nestjs-jwt-permissions';
import type { AppConfig, OidcClaimsPreset, OidcProviderConfig } from './app-config.interface';

const OIDC_CLAIMS_PRESETS: readonly OidcClaimsPreset[] = [
  'scope',
  'keycloak',
  'entra-id',
  'cognito',
  'auth0',
];

// The provider is optional; its URL and audience are checked by JwtAuthModule at start-up.
function readOidcProvider(env: NodeJS.ProcessEnv): OidcProviderConfig | undefined {
  const issuer = env.OIDC_ISSUER?.trim() || undefined;
  const audience = env.OIDC_AUDIENCE?.trim() || undefined;
  const claims = env.OIDC_CLAIMS?.trim() || 'scope';
  if (issuer === undefined) {
    if (audience !== undefined || env.OIDC_CLAIMS?.trim())
      throw new Error("OIDC_AUDIENCE and OIDC_CLAIMS need OIDC_ISSUER: set the provider's issuer too.");
    return undefined;
  }
  if (audience === undefined) {
    throw new Error(
      'OIDC_ISSUER is set without OIDC_AUDIENCE: set it to the name this API has at the provider (the "aud" of its access tokens).',
    );
  }
  if (!(OIDC_CLAIMS_PRESETS as readonly string[]).includes(claims)) {
    throw new Error(
      `OIDC_CLAIMS must be one of ${OIDC_CLAIMS_PRESETS.join(', ')}; got ${JSON.stringify(claims)}.`,
    );
  }
  return { issuer, audience, claims: claims as OidcClaimsPreset };
}

function readNumber(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  isValid: (n: number) => boolean,
  expected: string,
): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!isValid(value)) {
    throw new Error(`${name} must be ${expected}; got ${JSON.stringify(raw)}.`);
  }
  return value;
}

/**
 * Reads the settings from the environment. `JWT_PRIVATE_KEY` (with an optional `JWT_PUBLIC_KEY`)
 * signs with a key pair instead of a secret. Without either, a missing `JWT_SECRET` is replaced by a random one so the
 * sample runs with no set-up at all; it is logged as a warning, because every token then dies with
 * the process. Everything else about the JWT settings (algorithm names, key sizes) is checked by
 * `JwtAuthModule` itself at start-up.
 */
export function loadAppConfig(
  env: NodeJS.ProcessEnv,
  logger: Pick<Logger, 'warn'> = new Logger('AppConfig'),
): AppConfig {
  const port = readNumber(
    env,
    'PORT',
    3000,
    (n) => Number.isInteger(n) && n >= 0 && n <= 65535,
    'a TCP port number (0-65535)',
  );
  const expiration = readNumber(
    env,
    'JWT_EXPIRATION',
    3600,
    (n) => Number.isFinite(n) && n > 0,
    'a positive number of seconds',
  );
  // One-line environment values (.env files, CI secrets) often carry a PEM's newlines as "\n".
  const pem = (name: string) => (env[name]?.trim() ? env[name].replace(/\\n/g, '\n') : undefined);
  const privateKey = pem('JWT_PRIVATE_KEY');
  const publicKey = pem('JWT_PUBLIC_KEY');
  if (publicKey !== undefined && privateKey === undefined) {
    throw new Error(
      'JWT_PUBLIC_KEY is set without JWT_PRIVATE_KEY: the sample app issues tokens, so it needs the private key too.',
    );
  }
  let secret: string | Buffer | undefined = privateKey ? undefined : env.JWT_SECRET;
  if (!secret && !privateKey) {
    secret = randomBytes(64);
    logger.warn(
      'JWT_SECRET is not set: signing with a random secret generated at start. Tokens will not survive a restart ' +
        'and are not shared between instances; set JWT_SECRET to at least 64 random bytes for HS512.',
    );
  }
  const algorithm = env.JWT_ALGORITHM
    ? (env.JWT_ALGORITHM as JwtAlgorithm)
    : privateKey
      ? 'RS256'
      : undefined;
  const grace = readNumber(
    env,
    'REFRESH_GRACE_SECONDS',
    NaN,
    (n) => Number.isFinite(n) && n >= 0,
    'a number of seconds, 0 or more',
  );
  const redisUrl = env.REDIS_URL?.trim() ? env.REDIS_URL.trim() : undefined;
  return {
    port,
    jwt: { secret, privateKey, publicKey, algorithm, expiration },
    oidc: readOidcProvider(env),
    sessions: { reuseGracePeriod: Number.isNaN(grace) ? undefined : grace, redisUrl },
  };
}
