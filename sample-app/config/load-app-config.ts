import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { JwtAlgorithm } from 'nestjs-jwt-auth';
import type { AppConfig } from './app-config.interface';

function readNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, isValid: (n: number) => boolean, expected: string): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!isValid(value)) {
    throw new Error(`${name} must be ${expected}; got ${JSON.stringify(raw)}.`);
  }
  return value;
}

/**
 * Reads the settings from the environment. A missing `JWT_SECRET` is replaced by a random one so the
 * sample runs with no set-up at all; it is logged as a warning, because every token then dies with
 * the process. Everything else about the JWT settings (algorithm names, key sizes) is checked by
 * `JwtAuthModule` itself at start-up.
 */
export function loadAppConfig(env: NodeJS.ProcessEnv, logger: Pick<Logger, 'warn'> = new Logger('AppConfig')): AppConfig {
  const port = readNumber(env, 'PORT', 3000, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'a TCP port number (0-65535)');
  const expiration = readNumber(env, 'JWT_EXPIRATION', 3600, (n) => Number.isFinite(n) && n > 0, 'a positive number of seconds');
  let secret: string | Buffer | undefined = env.JWT_SECRET;
  if (!secret) {
    secret = randomBytes(64);
    logger.warn(
      'JWT_SECRET is not set: signing with a random secret generated at start. Tokens will not survive a restart ' +
        'and are not shared between instances; set JWT_SECRET to at least 64 random bytes for HS512.',
    );
  }
  const algorithm = env.JWT_ALGORITHM ? (env.JWT_ALGORITHM as JwtAlgorithm) : undefined;
  return { port, jwt: { secret, algorithm, expiration } };
}
