import {
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  KeyObject,
  type JsonWebKey,
} from 'node:crypto';
import { JWT_ALGORITHMS, SUPPORTED_ALGORITHMS_TEXT, isSupportedAlgorithm, type JwtAlgorithm } from './jwt-algorithm.constants';
import { hasPrivateMembers, jwkThumbprint, toPublicJwk } from './jwk.util';

/**
 * Key material accepted by the key options: PEM text, a Buffer (PEM, or DER for an HMAC secret's
 * raw bytes), a `KeyObject`, or a JWK object (RFC 7517).
 */
export type JwtKeyInput = string | Buffer | KeyObject | JsonWebKey;

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

/** A key the service verifies with, normalised at start-up (or when a JWKS is fetched). */
export interface JwtVerificationKey {
  /** The key id tokens name in their `kid` header; `undefined` for a single key without one. */
  readonly kid: string | undefined;
  /** The algorithms this key may verify: one for a configured key; a JWKS key without `alg` may fit several. */
  readonly algorithms: readonly JwtAlgorithm[];
  /** A secret key (HS*) or a public key (everything else). */
  readonly key: KeyObject;
}

/** The key the service signs with. */
export interface JwtSigningKey {
  /** Written as the token's `kid` header, when defined. */
  readonly kid: string | undefined;
  /** The algorithm tokens are signed with, written as their `alg`. */
  readonly algorithm: JwtAlgorithm;
  /** A secret key (HS*) or a private key. */
  readonly key: KeyObject;
}

/** The configured keys after start-up validation. */
export interface ResolvedJwtKeys {
  /** The key `createToken` signs with; `undefined` for a verify-only service. */
  readonly signing: JwtSigningKey | undefined;
  /** Every configured key that verifies tokens (HMAC secrets and public keys). */
  readonly verification: readonly JwtVerificationKey[];
  /** The public keys as JWKs (with `kid`, `alg` and `use`), for `getJwks()`. Never a private or HMAC key. */
  readonly publicJwks: readonly JsonWebKey[];
}

/** The key options of `JwtAuthOptions` that {@link resolveJwtKeys} reads, not yet validated. */
export interface JwtKeySources {
  /** The resolved module `algorithm`: of the single key, and of `keys` entries that name none. */
  algorithm: JwtAlgorithm;
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
}

const HINTS = {
  hmac: 'Generate one with: node -e "console.log(require(\'node:crypto\').randomBytes(64).toString(\'base64url\'))"',
  rsa:
    'Generate a key pair with: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out private.pem ' +
    '&& openssl pkey -in private.pem -pubout -out public.pem',
  ec: (curve: string) =>
    `Generate a key pair with: openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:${curve} -out private.pem ` +
    '&& openssl pkey -in private.pem -pubout -out public.pem',
  eddsa:
    'Generate a key pair with: openssl genpkey -algorithm ed25519 -out private.pem ' +
    '&& openssl pkey -in private.pem -pubout -out public.pem ' +
    '(or in node: crypto.generateKeyPairSync(\'ed25519\'))',
};
const PEM_MARKER = /-----BEGIN [A-Z0-9 ]+-----/;

function fail(message: string): never {
  throw new Error(`JwtAuthModule: ${message}`);
}

/** How to make a key that fits `algorithm`. */
export function keyHint(algorithm: JwtAlgorithm): string {
  const spec = JWT_ALGORITHMS[algorithm];
  if (spec.family === 'hmac') return HINTS.hmac;
  if (spec.family === 'rsa') return HINTS.rsa;
  if (spec.family === 'ec') return HINTS.ec(spec.jwkCurve);
  return HINTS.eddsa;
}

/** A short description of a key, for error messages: `an RSA key of 1024 bits`, `an EC P-256 key`... */
export function describeKey(key: KeyObject): string {
  if (key.type === 'secret') return `a ${key.symmetricKeySize}-byte secret`;
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return `an RSA ${key.type} key of ${details.modulusLength} bits`;
    case 'rsa-pss':
      return `an RSA-PSS ${key.type} key`;
    case 'ec':
      return `an EC ${key.type} key on curve ${details.namedCurve}`;
    default:
      return `an ${String(key.asymmetricKeyType).toUpperCase()} ${key.type} key`;
  }
}

/**
 * Why `key` cannot be used with `algorithm` (a predicate: "is a 16-byte secret, but..."), or
 * `undefined` when it can: an RSA key of at least 2048
 * bits for RS and PS, the algorithm's own curve for ES, Ed25519 for EdDSA, a secret of RFC 7518
 * §3.2's minimum length for HS. An asymmetric key never fits an HS algorithm (algorithm confusion).
 */
export function keyProblem(key: KeyObject, algorithm: JwtAlgorithm): string | undefined {
  const spec = JWT_ALGORITHMS[algorithm];
  if (spec.family === 'hmac') {
    if (key.type !== 'secret') return `is ${describeKey(key)}, but ${algorithm} needs a symmetric secret: an asymmetric key must never be used as an HMAC secret`;
    const size = key.symmetricKeySize ?? 0;
    if (size < spec.minKeyBytes) {
      return `is ${size} bytes long, but ${algorithm} needs at least ${spec.minKeyBytes} (RFC 7518 §3.2: an HMAC key must be at least as long as the hash)`;
    }
    return undefined;
  }
  if (key.type === 'secret') return `is an HMAC secret, but ${algorithm} needs an asymmetric key`;
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (spec.family === 'rsa') {
    if (type === 'rsa-pss') return 'is an RSA-PSS key; use a plain RSA key (PS256/384/512 sign with one too)';
    if (type !== 'rsa') return `is ${describeKey(key)}, but ${algorithm} needs an RSA key`;
    if ((details.modulusLength ?? 0) < spec.minModulusBits) {
      return `is ${describeKey(key)}, but ${algorithm} needs at least ${spec.minModulusBits} bits (RFC 7518 §3.3)`;
    }
    return undefined;
  }
  if (spec.family === 'ec') {
    if (type !== 'ec' || details.namedCurve !== spec.namedCurve) {
      return `is ${describeKey(key)}, but ${algorithm} needs an EC key on curve ${spec.jwkCurve}`;
    }
    return undefined;
  }
  if (type !== 'ed25519') return `is ${describeKey(key)}, but EdDSA needs an Ed25519 key`;
  return undefined;
}

/** The supported algorithms a key fits: for error messages, and for JWKS keys that state no `alg`. */
export function algorithmsForKey(key: KeyObject): JwtAlgorithm[] {
  return (Object.keys(JWT_ALGORITHMS) as JwtAlgorithm[]).filter((algorithm) => keyProblem(key, algorithm) === undefined);
}

function isJwk(value: unknown): value is JsonWebKey {
  return typeof value === 'object' && value !== null && !Buffer.isBuffer(value) && !(value instanceof KeyObject) && !Array.isArray(value);
}

function looksLikeKeyText(value: string | Buffer): boolean {
  const text = typeof value === 'string' ? value : value.toString('latin1');
  if (PEM_MARKER.test(text)) return true;
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      return isJwk(parsed) && 'kty' in parsed;
    } catch {
      return false;
    }
  }
  if (Buffer.isBuffer(value)) {
    try {
      createPublicKey({ key: value, format: 'der', type: 'spki' });
      return true;
    } catch {
      return false;
    }
  }
  return false;
}

// Checks the JWK's own `alg` and `use`, when it states them, against what it is configured for.
function checkJwkMembers(jwk: JsonWebKey, label: string, algorithm: JwtAlgorithm): void {
  if (jwk.alg !== undefined && jwk.alg !== algorithm) {
    fail(`${label} is a JWK for "${String(jwk.alg)}", but it is configured for ${algorithm}. Set "algorithm" to ${String(jwk.alg)}, or use another key.`);
  }
  if (jwk.use !== undefined && jwk.use !== 'sig') {
    fail(`${label} is a JWK whose "use" is ${JSON.stringify(jwk.use)}; a signing key must have "use": "sig" or none.`);
  }
}

/** A key that fits `algorithm`, or a start-up error naming `label` that says what is wrong and how to fix it. */
function checked(key: KeyObject, label: string, algorithm: JwtAlgorithm): KeyObject {
  const problem = keyProblem(key, algorithm);
  if (problem === undefined) return key;
  const fits = algorithmsForKey(key);
  const suggestion = fits.length > 0 ? ` This key fits ${fits.join(', ')}: set "algorithm" accordingly, or use another key.` : '';
  fail(`${label} ${problem}.${suggestion} ${keyHint(algorithm)}`);
}

/**
 * Turns an HMAC secret into a `KeyObject` once, at start-up: `jsonwebtoken` handed a string or
 * Buffer first tries to parse it as a public key, which costs ~440 µs on every call. Refuses what
 * RFC 7518 §3.2 and RFC 8725 forbid: no secret, an empty or short one, and anything that is a
 * public or private key, PEM text or JWK text included (algorithm confusion).
 */
export function toSecretKey(secret: unknown, algorithm: JwtAlgorithm, label = '"secret"'): KeyObject {
  let key: KeyObject;
  if (secret instanceof KeyObject) {
    key = secret;
  } else if (typeof secret === 'string' || Buffer.isBuffer(secret)) {
    if (secret.length === 0) fail(`${label} is empty. ${HINTS.hmac}`);
    if (looksLikeKeyText(secret)) {
      fail(`${label} holds a PEM, DER or JWK key, but ${algorithm} needs a random secret; a public key must never be used as an HMAC secret. ` +
        `For RS/PS/ES/EdDSA, pass it as "privateKey"/"publicKey" with a matching "algorithm". ${HINTS.hmac}`);
    }
    key = createSecretKey(typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret));
  } else if (isJwk(secret)) {
    checkJwkMembers(secret, label, algorithm);
    if (secret.kty !== 'oct' || typeof secret.k !== 'string') {
      fail(`${label} is a JWK of type ${JSON.stringify(secret.kty)}, but ${algorithm} needs an { "kty": "oct", "k": ... } secret.`);
    }
    key = createSecretKey(Buffer.from(secret.k, 'base64url'));
  } else if (secret === undefined || secret === null) {
    fail(`${label} is required to sign and verify ${algorithm} tokens. ${HINTS.hmac}`);
  } else {
    fail(`${label} must be a string, a Buffer or a KeyObject (from crypto.createSecretKey()), or an "oct" JWK.`);
  }
  return checked(key, label, algorithm);
}

/**
 * Turns a private key (PEM text or Buffer, `KeyObject`, or JWK with its private members) into a
 * `KeyObject` that fits `algorithm`.
 */
export function toPrivateKey(input: unknown, algorithm: JwtAlgorithm, label = '"privateKey"'): KeyObject {
  let key: KeyObject;
  if (input instanceof KeyObject) {
    if (input.type !== 'private') fail(`${label} is ${describeKey(input)}; it must be a private key. ${keyHint(algorithm)}`);
    key = input;
  } else if (typeof input === 'string' || Buffer.isBuffer(input)) {
    try {
      key = createPrivateKey(input);
    } catch {
      fail(`${label} is not a readable private key. Pass PEM text ("-----BEGIN PRIVATE KEY-----..."), unencrypted ` +
        `(for an encrypted one, pass crypto.createPrivateKey({ key, passphrase })). ${keyHint(algorithm)}`);
    }
  } else if (isJwk(input)) {
    checkJwkMembers(input, label, algorithm);
    if (!hasPrivateMembers(input) || input.kty === 'oct') {
      fail(`${label} is a JWK without its private part ("d"); pass it as "publicKey" for a verify-only service.`);
    }
    try {
      key = createPrivateKey({ key: input, format: 'jwk' });
    } catch {
      fail(`${label} is not a valid private JWK. ${keyHint(algorithm)}`);
    }
  } else {
    fail(`${label} must be PEM text, a Buffer, a KeyObject or a JWK object. ${keyHint(algorithm)}`);
  }
  return checked(key, label, algorithm);
}

/**
 * Turns a public key (PEM text or Buffer, certificate, `KeyObject`, or JWK) into a `KeyObject` that
 * fits `algorithm`. A private key is refused here: a verify-only service must not hold one.
 */
export function toPublicKey(input: unknown, algorithm: JwtAlgorithm, label = '"publicKey"'): KeyObject {
  const pubout = 'Pass the public half: openssl pkey -in private.pem -pubout -out public.pem.';
  let key: KeyObject;
  if (input instanceof KeyObject) {
    if (input.type !== 'public') fail(`${label} is ${describeKey(input)}; it must be a public key. ${pubout}`);
    key = input;
  } else if (typeof input === 'string' || Buffer.isBuffer(input)) {
    if ((typeof input === 'string' ? input : input.toString('latin1')).includes('PRIVATE KEY-----')) {
      fail(`${label} holds a private key. ${pubout}`);
    }
    try {
      key = createPublicKey(input);
    } catch {
      fail(`${label} is not a readable public key. Pass PEM text ("-----BEGIN PUBLIC KEY-----..."). ${keyHint(algorithm)}`);
    }
  } else if (isJwk(input)) {
    checkJwkMembers(input, label, algorithm);
    if (hasPrivateMembers(input)) fail(`${label} is a JWK with private members ("d", "k"...); publish and configure only the public ones.`);
    try {
      key = createPublicKey({ key: input, format: 'jwk' });
    } catch {
      fail(`${label} is not a valid public JWK. ${keyHint(algorithm)}`);
    }
  } else {
    fail(`${label} must be PEM text, a Buffer, a KeyObject or a JWK object. ${keyHint(algorithm)}`);
  }
  return checked(key, label, algorithm);
}

function jwkKid(input: unknown): string | undefined {
  return isJwk(input) && typeof input.kid === 'string' && input.kid !== '' ? input.kid : undefined;
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
      fail(`${prefix}"privateKey"/"publicKey" are set, but ${algorithm} is an HMAC algorithm that uses "secret". ` +
        'Set "algorithm" to the key pair\'s algorithm (RS256, ES256, EdDSA...), or configure "secret" alone.');
    }
    const key = toSecretKey(secret, algorithm, `${prefix}"secret"`);
    // A JWK's own kid, but no derived one for a secret: even a hash of it is not for publishing.
    const keyId = kid ?? jwkKid(secret);
    return { signing: { kid: keyId, algorithm, key }, verification: { kid: keyId, algorithms: [algorithm], key }, publicJwk: undefined };
  }
  if (secret !== undefined) {
    fail(`${prefix}"secret" is set, but ${algorithm} is an asymmetric algorithm: configure "privateKey" and/or "publicKey" instead, ` +
      'or set "algorithm" to HS256/HS384/HS512 to use the secret.');
  }
  if (privateKey === undefined && publicKey === undefined) {
    fail(`${prefix}${algorithm} needs "privateKey" (to sign and verify) or "publicKey" (to verify only). ${keyHint(algorithm)}`);
  }
  const privateKeyObject = privateKey === undefined ? undefined : toPrivateKey(privateKey, algorithm, `${prefix}"privateKey"`);
  let publicKeyObject = publicKey === undefined ? undefined : toPublicKey(publicKey, algorithm, `${prefix}"publicKey"`);
  if (privateKeyObject) {
    const derived = createPublicKey(privateKeyObject);
    if (publicKeyObject && !publicKeyObject.equals(derived)) {
      fail(`${prefix}"publicKey" is not the public half of "privateKey". Derive it with: openssl pkey -in private.pem -pubout -out public.pem.`);
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
  if (!isSupportedAlgorithm(value)) fail(`${label} ${JSON.stringify(value)} is not supported; use one of ${SUPPORTED_ALGORITHMS_TEXT}.`);
  return value;
}

/**
 * Validates the key options and turns every key (secret, PEM, Buffer, JWK or KeyObject) into a
 * `KeyObject` once, at start-up. Either one key (`secret`, or `privateKey` and/or `publicKey`, in
 * which case an asymmetric key gets its RFC 7638 thumbprint as `kid`), or `keys` plus `signingKeyId`.
 * With neither, the service has no local key (it verifies through `jwksUri` only).
 */
export function resolveJwtKeys(sources: JwtKeySources, requireLocalKey: boolean): ResolvedJwtKeys {
  const { algorithm, keys, signingKeyId } = sources;
  const single = sources.secret !== undefined || sources.privateKey !== undefined || sources.publicKey !== undefined;
  if (keys !== undefined) {
    if (single) {
      fail('"keys" cannot be combined with "secret", "privateKey" or "publicKey": move that key into "keys" with a "kid".');
    }
    return resolveKeyList(keys, signingKeyId, algorithm);
  }
  if (signingKeyId !== undefined) fail('"signingKeyId" names one of "keys", but "keys" is not set.');
  if (!single) {
    if (!requireLocalKey) return Object.freeze({ signing: undefined, verification: [], publicJwks: [] });
    if (JWT_ALGORITHMS[algorithm].family === 'hmac') toSecretKey(undefined, algorithm); // throws with its hint
    fail(`no key is configured: set "privateKey" and/or "publicKey" for ${algorithm}, "keys", or "jwksUri". ${keyHint(algorithm)}`);
  }
  const entry = resolveEntry(sources, algorithm, '', undefined);
  return Object.freeze({
    signing: entry.signing,
    verification: Object.freeze([entry.verification]),
    publicJwks: Object.freeze(entry.publicJwk ? [entry.publicJwk] : []),
  });
}

function resolveKeyList(keys: unknown, signingKeyId: unknown, defaultAlgorithm: JwtAlgorithm): ResolvedJwtKeys {
  if (!Array.isArray(keys) || keys.length === 0) {
    fail('"keys" must be a non-empty array of { kid, algorithm, secret | privateKey | publicKey }.');
  }
  const entries = new Map<string, ResolvedEntry>();
  keys.forEach((raw: unknown, index) => {
    const prefix = `keys[${index}].`;
    if (typeof raw !== 'object' || raw === null) fail(`${prefix.slice(0, -1)} must be an object { kid, algorithm, secret | privateKey | publicKey }.`);
    const entry = raw as JwtKeyOptions;
    if (typeof entry.kid !== 'string' || entry.kid === '' || entry.kid.length > 256) {
      fail(`${prefix}kid must be a non-empty string of at most 256 characters (a name such as "2025-06" or a UUID).`);
    }
    if (entries.has(entry.kid)) fail(`${prefix}kid ${JSON.stringify(entry.kid)} is used twice; every key needs its own kid.`);
    const algorithm = resolveAlgorithm(entry.algorithm, defaultAlgorithm, `${prefix}algorithm`);
    const resolved = resolveEntry(entry, algorithm, prefix, entry.kid);
    entries.set(entry.kid, resolved);
  });
  const signers = [...entries.entries()].filter(([, entry]) => entry.signing !== undefined);
  let signing: JwtSigningKey | undefined;
  if (signingKeyId !== undefined) {
    if (typeof signingKeyId !== 'string' || !entries.has(signingKeyId)) {
      fail(`"signingKeyId" ${JSON.stringify(signingKeyId)} is not the kid of any of "keys" (${[...entries.keys()].map((k) => JSON.stringify(k)).join(', ')}).`);
    }
    signing = entries.get(signingKeyId)!.signing;
    if (!signing) fail(`"signingKeyId" names ${JSON.stringify(signingKeyId)}, which has only a "publicKey": give it its "privateKey", or sign with another key.`);
  } else if (signers.length === 1) {
    signing = signers[0][1].signing;
  } else if (signers.length > 1) {
    fail(`several of "keys" can sign (${signers.map(([kid]) => JSON.stringify(kid)).join(', ')}): set "signingKeyId" to the one that signs new tokens.`);
  }
  const all = [...entries.values()];
  return Object.freeze({
    signing,
    verification: Object.freeze(all.map((entry) => entry.verification)),
    publicJwks: Object.freeze(all.flatMap((entry) => (entry.publicJwk ? [entry.publicJwk] : []))),
  });
}
