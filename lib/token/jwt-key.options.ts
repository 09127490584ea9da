import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { configError } from '../utils/config-error.util';
import {
  JWT_ALGORITHMS,
  SUPPORTED_ALGORITHMS_TEXT,
  isSupportedAlgorithm,
  type JwtAlgorithm,
} from './jwt-algorithm.constants';
import type { JwtSigningKey, JwtVerificationKey, ResolvedJwtKeys } from './jwt-key.interface';
import { jwkThumbprint, toPublicJwk } from './jwk.util';
import { resolveJwksOptions, type JwksOptionSources, type ResolvedJwksOptions } from './jwks.options';
import { jwkKid, toPrivateKey, toPublicKey, toSecretKey, type JwtKeyInput } from './key-input.parser';
import { keyHint } from './key.rules';

/** One entry of the `keys` option: a key with its id, for rotation. */
export interface JwtKeyOptions {
  /**
   * The key id, written as `kid` into the tokens this key signs and published in the JWKS. Verification
   * picks the key whose `kid` the token names. Required, unique among `keys`.
   */
  kid: string;
  /** The key's algorithm. Default: the module's `algorithm`. */
  algorithm?: JwtAlgorithm;
  /** An HMAC secret (string, Buffer, `KeyObject` or `{ kty: 'oct' }` JWK). Not with `privateKey`/`publicKey`. */
  secret?: string | Buffer | KeyObject | JsonWebKey;
  /** A private key: this entry can sign (if `signingKeyId` names it) and verify. */
  privateKey?: JwtKeyInput;
  /** A public key: this entry only verifies (an old key kept while its tokens expire, say). */
  publicKey?: JwtKeyInput;
}

/** The key options of `JwtAuthOptions` that {@link resolveJwtKeyOptions} reads, not yet validated. */
export interface JwtKeySources extends JwksOptionSources {
  /** As `JwtAuthOptions.algorithm`. */
  algorithm?: unknown;
  /** As `JwtAuthOptions.algorithms`. */
  algorithms?: unknown;
  /** As `JwtAuthOptions.secret`. */
  secret?: unknown;
  /** As `JwtAuthOptions.privateKey`. */
  privateKey?: unknown;
  /** As `JwtAuthOptions.publicKey`. */
  publicKey?: unknown;
  /** As `JwtAuthOptions.keys`. */
  keys?: unknown;
  /** As `JwtAuthOptions.signingKeyId`. */
  signingKeyId?: unknown;
  /** As `JwtAuthOptions.issuers`: with it, the module's own keys are optional. */
  issuers?: unknown;
}

/** The key-related options after start-up validation. */
export interface ResolvedJwtKeyOptions {
  /** The signing algorithm (the signing key's), or the default one of a verify-only service. */
  readonly algorithm: JwtAlgorithm;
  /** The algorithms a token's `alg` may name. */
  readonly algorithms: readonly JwtAlgorithm[];
  /** The configured keys, as KeyObjects. */
  readonly keys: ResolvedJwtKeys;
  /** Where and how to fetch an identity provider's keys; `undefined` without `jwksUri`. */
  readonly jwks: ResolvedJwksOptions | undefined;
}

/**
 * Validates `algorithm`, `algorithms`, the keys (`secret`, `privateKey`, `publicKey`, or `keys` and
 * `signingKeyId`) and `jwksUri`/`jwksOptions`, turning every key into a `KeyObject` once.
 */
export function resolveJwtKeyOptions(options: JwtKeySources): ResolvedJwtKeyOptions {
  const jwks = resolveJwksOptions(options);
  const hasLocalKey = [options.secret, options.privateKey, options.publicKey, options.keys].some(
    (v) => v !== undefined,
  );
  // An identity provider's keys are RSA almost everywhere (Auth0, Keycloak, Cognito, Entra ID): RS256.
  const algorithm = options.algorithm ?? (jwks && !hasLocalKey ? 'RS256' : 'HS512');
  if (!isSupportedAlgorithm(algorithm)) {
    configError(`unknown "algorithm" ${JSON.stringify(algorithm)}; use one of ${SUPPORTED_ALGORITHMS_TEXT}.`);
  }
  const keys = resolveJwtKeys({ ...options, algorithm }, jwks === undefined && options.issuers === undefined);
  const keyAlgorithms = [...new Set(keys.verification.flatMap((key) => key.algorithms))];
  return Object.freeze({
    algorithm: keys.signing?.algorithm ?? algorithm,
    algorithms: Object.freeze(resolveAllowList(options, keyAlgorithms, jwks ? algorithm : undefined)),
    keys,
    jwks,
  });
}

function resolveAllowList(
  options: JwtKeySources,
  keyAlgorithms: JwtAlgorithm[],
  remoteDefault: JwtAlgorithm | undefined,
): JwtAlgorithm[] {
  const listed: unknown = options.algorithms;
  if (listed === undefined) {
    const remote =
      remoteDefault && (options.algorithm !== undefined || keyAlgorithms.length === 0) ? [remoteDefault] : [];
    return [...new Set([...keyAlgorithms, ...remote])];
  }
  if (!Array.isArray(listed) || listed.length === 0) {
    configError(
      `"algorithms" must be a non-empty array of algorithm names, such as ['RS256']; supported: ${SUPPORTED_ALGORITHMS_TEXT}.`,
    );
  }
  for (const name of listed) {
    if (!isSupportedAlgorithm(name)) {
      configError(
        `"algorithms" lists ${JSON.stringify(name)}, which is not supported (never "none"); use ${SUPPORTED_ALGORITHMS_TEXT}.`,
      );
    }
    if (!keyAlgorithms.includes(name) && remoteDefault === undefined) {
      configError(
        `"algorithms" lists ${name}, but no configured key uses it: remove it, or add a key for it.`,
      );
    }
  }
  for (const name of keyAlgorithms) {
    if (!listed.includes(name)) {
      configError(
        `a configured key uses ${name}, which "algorithms" does not list: add it, or remove that key.`,
      );
    }
  }
  return [...new Set(listed as JwtAlgorithm[])];
}

/**
 * Validates the key options and turns every key (secret, PEM, Buffer, JWK or KeyObject) into a
 * `KeyObject` once, at start-up. Either one key (`secret`, or `privateKey` and/or `publicKey`, in
 * which case an asymmetric key gets its RFC 7638 thumbprint as `kid`), or `keys` plus `signingKeyId`.
 * With neither, the service has no local key (it verifies through `jwksUri` or `issuers` only).
 */
function resolveJwtKeys(
  sources: JwtKeySources & { algorithm: JwtAlgorithm },
  requireLocalKey: boolean,
): ResolvedJwtKeys {
  const { algorithm, keys, signingKeyId } = sources;
  const single =
    sources.secret !== undefined || sources.privateKey !== undefined || sources.publicKey !== undefined;
  if (keys !== undefined) {
    if (single) {
      configError(
        '"keys" cannot be combined with "secret", "privateKey" or "publicKey": move that key into "keys" with a "kid".',
      );
    }
    return resolveKeyList(keys, signingKeyId, algorithm);
  }
  if (signingKeyId !== undefined) configError('"signingKeyId" names one of "keys", but "keys" is not set.');
  if (!single) {
    if (!requireLocalKey) return Object.freeze({ signing: undefined, verification: [], publicJwks: [] });
    if (JWT_ALGORITHMS[algorithm].family === 'hmac') toSecretKey(undefined, algorithm); // throws with its hint
    configError(
      `no key is configured: set "privateKey" and/or "publicKey" for ${algorithm}, "keys", "jwksUri" or "issuers". ${keyHint(algorithm)}`,
    );
  }
  const entry = resolveEntry(sources, algorithm, '', undefined);
  return Object.freeze({
    signing: entry.signing,
    verification: Object.freeze([entry.verification]),
    publicJwks: Object.freeze(entry.publicJwk ? [entry.publicJwk] : []),
  });
}

/**
 * The verification keys of an `issuers` entry's `keys`, as KeyObjects, validated at start-up like
 * the module's own `keys`; `where` names the option in error messages (`issuers[0].keys`). A key
 * without `algorithm` has `defaultAlgorithm`.
 */
export function resolveVerificationKeys(
  keys: unknown,
  defaultAlgorithm: JwtAlgorithm,
  where: string,
): readonly JwtVerificationKey[] {
  return resolveKeyList(keys, undefined, defaultAlgorithm, where).verification;
}

function resolveKeyList(
  keys: unknown,
  signingKeyId: unknown,
  defaultAlgorithm: JwtAlgorithm,
  where = 'keys',
): ResolvedJwtKeys {
  if (!Array.isArray(keys) || keys.length === 0) {
    configError(
      `${where === 'keys' ? '"keys"' : where} must be a non-empty array of { kid, algorithm, secret | privateKey | publicKey }.`,
    );
  }
  const entries = new Map<string, ResolvedEntry>();
  keys.forEach((raw: unknown, index) => {
    const prefix = `${where}[${index}].`;
    if (typeof raw !== 'object' || raw === null)
      configError(
        `${prefix.slice(0, -1)} must be an object { kid, algorithm, secret | privateKey | publicKey }.`,
      );
    const entry = raw as JwtKeyOptions;
    if (typeof entry.kid !== 'string' || entry.kid === '' || entry.kid.length > 256) {
      configError(
        `${prefix}kid must be a non-empty string of at most 256 characters (a name such as "2025-06" or a UUID).`,
      );
    }
    if (entries.has(entry.kid))
      configError(`${prefix}kid ${JSON.stringify(entry.kid)} is used twice; every key needs its own kid.`);
    const algorithm = resolveAlgorithm(entry.algorithm, defaultAlgorithm, `${prefix}algorithm`);
    const resolved = resolveEntry(entry, algorithm, prefix, entry.kid);
    entries.set(entry.kid, resolved);
  });
  const signers = [...entries.entries()].filter(([, entry]) => entry.signing !== undefined);
  let signing: JwtSigningKey | undefined;
  if (signingKeyId !== undefined) {
    if (typeof signingKeyId !== 'string' || !entries.has(signingKeyId)) {
      configError(
        `"signingKeyId" ${JSON.stringify(signingKeyId)} is not the kid of any of "keys" (${[...entries.keys()].map((k) => JSON.stringify(k)).join(', ')}).`,
      );
    }
    signing = entries.get(signingKeyId)!.signing;
    if (!signing)
      configError(
        `"signingKeyId" names ${JSON.stringify(signingKeyId)}, which has only a "publicKey": give it its "privateKey", or sign with another key.`,
      );
  } else if (signers.length === 1) {
    signing = signers[0][1].signing;
  } else if (signers.length > 1) {
    configError(
      `several of "keys" can sign (${signers.map(([kid]) => JSON.stringify(kid)).join(', ')}): set "signingKeyId" to the one that signs new tokens.`,
    );
  }
  const all = [...entries.values()];
  return Object.freeze({
    signing,
    verification: Object.freeze(all.map((entry) => entry.verification)),
    publicJwks: Object.freeze(all.flatMap((entry) => (entry.publicJwk ? [entry.publicJwk] : []))),
  });
}

interface ResolvedEntry {
  readonly signing: JwtSigningKey | undefined;
  readonly verification: JwtVerificationKey;
  readonly publicJwk: JsonWebKey | undefined;
}

// One key, from `secret` or from `privateKey` and/or `publicKey`; `kid` undefined means "derive it".
function resolveEntry(
  source: { secret?: unknown; privateKey?: unknown; publicKey?: unknown },
  algorithm: JwtAlgorithm,
  prefix: string,
  kid: string | undefined,
): ResolvedEntry {
  const { secret, privateKey, publicKey } = source;
  if (JWT_ALGORITHMS[algorithm].family === 'hmac') {
    if (privateKey !== undefined || publicKey !== undefined) {
      configError(
        `${prefix}"privateKey"/"publicKey" are set, but ${algorithm} is an HMAC algorithm that uses "secret". ` +
          'Set "algorithm" to the key pair\'s algorithm (RS256, ES256, EdDSA...), or configure "secret" alone.',
      );
    }
    const key = toSecretKey(secret, algorithm, `${prefix}"secret"`);
    // A JWK's own kid, but no derived one for a secret: even a hash of it is not for publishing.
    const keyId = kid ?? jwkKid(secret);
    return {
      signing: { kid: keyId, algorithm, key },
      verification: { kid: keyId, algorithms: [algorithm], key },
      publicJwk: undefined,
    };
  }
  if (secret !== undefined) {
    configError(
      `${prefix}"secret" is set, but ${algorithm} is an asymmetric algorithm: configure "privateKey" and/or "publicKey" instead, ` +
        'or set "algorithm" to HS256/HS384/HS512 to use the secret.',
    );
  }
  if (privateKey === undefined && publicKey === undefined) {
    configError(
      `${prefix}${algorithm} needs "privateKey" (to sign and verify) or "publicKey" (to verify only). ${keyHint(algorithm)}`,
    );
  }
  const privateKeyObject =
    privateKey === undefined ? undefined : toPrivateKey(privateKey, algorithm, `${prefix}"privateKey"`);
  let publicKeyObject =
    publicKey === undefined ? undefined : toPublicKey(publicKey, algorithm, `${prefix}"publicKey"`);
  if (privateKeyObject) {
    const derived = createPublicKey(privateKeyObject);
    if (publicKeyObject && !publicKeyObject.equals(derived)) {
      configError(
        `${prefix}"publicKey" is not the public half of "privateKey". Derive it with: openssl pkey -in private.pem -pubout -out public.pem.`,
      );
    }
    publicKeyObject = derived;
  }
  const jwkOnly = toPublicJwk(publicKeyObject!);
  const keyId = kid ?? jwkKid(publicKey) ?? jwkKid(privateKey) ?? jwkThumbprint(jwkOnly);
  return {
    signing: privateKeyObject ? { kid: keyId, algorithm, key: privateKeyObject } : undefined,
    verification: { kid: keyId, algorithms: [algorithm], key: publicKeyObject! },
    publicJwk: Object.freeze({ ...jwkOnly, kid: keyId, alg: algorithm, use: 'sig' }),
  };
}

function resolveAlgorithm(value: unknown, fallback: JwtAlgorithm, label: string): JwtAlgorithm {
  if (value === undefined) return fallback;
  if (!isSupportedAlgorithm(value))
    configError(
      `${label} ${JSON.stringify(value)} is not supported; use one of ${SUPPORTED_ALGORITHMS_TEXT}.`,
    );
  return value;
}
