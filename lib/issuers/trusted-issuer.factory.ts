import { JwtKeySet } from '../token/jwt-key.set';
import { JwksClient } from '../token/jwks.client';
import type { JwksFetchObserver } from '../token/jwks-fetch.observer';
import type { TrustedIssuer } from '../token/trusted-issuer.interface';
import { DiscoveredJwksClient } from './discovered-jwks.client';
import type { ResolvedIssuer } from './issuer.options';

const NO_KEYS = new JwtKeySet([]);

/** What verifies the tokens of an `issuers` entry: its keys (configured, JWK Set or discovery), algorithms, audiences and profile. */
export function trustedIssuerOf(
  entry: ResolvedIssuer,
  clock: () => number,
  observer?: JwksFetchObserver,
): TrustedIssuer {
  const { keys, algorithms } = entry;
  return Object.freeze({
    issuer: entry.issuer,
    audience: entry.audiences,
    audienceClaim: entry.audienceClaim,
    algorithms,
    localKeys: keys.source === 'keys' ? new JwtKeySet(keys.keys) : NO_KEYS,
    remoteKeys:
      keys.source === 'jwks'
        ? new JwksClient({ ...entry.fetch, uri: keys.jwksUri }, algorithms, clock, observer)
        : keys.source === 'discovery'
          ? new DiscoveredJwksClient(keys.discovery, algorithms, clock, observer)
          : undefined,
    profile: entry.profile,
  });
}
