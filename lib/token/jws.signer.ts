import { sign as cryptoSign } from 'node:crypto';
import type { JwtService } from '@nestjs/jwt';
import type { JwtSigningKey } from './jwt-key.interface';

/**
 * A signed token for `payload`, its header's `typ` being `typ` (default `JWT`). Through
 * `@nestjs/jwt` (so `jsonwebtoken`) for every algorithm it supports; EdDSA, which it lacks, through
 * node:crypto (RFC 8037 §3.1), with the same header shape.
 */
export function signJws(
  jwt: JwtService,
  payload: Record<string, unknown>,
  signingKey: JwtSigningKey,
  typ = 'JWT',
): string {
  const { algorithm, kid, key } = signingKey;
  if (algorithm === 'EdDSA') {
    const header = kid === undefined ? { alg: algorithm, typ } : { alg: algorithm, typ, kid };
    const signingInput = `${base64url(header)}.${base64url(payload)}`;
    return `${signingInput}.${cryptoSign(null, Buffer.from(signingInput), key).toString('base64url')}`;
  }
  const keyOption = key.type === 'secret' ? { secret: key } : { privateKey: key };
  const header = typ === 'JWT' ? {} : { header: { alg: algorithm, typ } };
  // @nestjs/jwt types its keys as strings or Buffers; jsonwebtoken takes a KeyObject, parsed once.
  return jwt.sign(payload, {
    algorithm,
    ...(kid === undefined ? {} : { keyid: kid }),
    ...header,
    ...keyOption,
  } as never);
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
