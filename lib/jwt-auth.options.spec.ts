import { createSecretKey } from 'node:crypto';
import { Authenticated, Everyone } from './jwt-auth.constants';
import { resolveJwtAuthOptions, type JwtAuthOptions } from './jwt-auth.options';
import { testKeyPair } from '../test/support/test-keys';

const SECRET = 's'.repeat(64);
const resolve = (options: JwtAuthOptions) => resolveJwtAuthOptions({ secret: SECRET, ...options });

describe('resolveJwtAuthOptions', () => {
  it('applies pyramid_jwt defaults and secure-by-default permission', () => {
    const options = resolve({});
    expect(options).toMatchObject({
      algorithm: 'HS512',
      algorithms: ['HS512'],
      expiration: 3600,
      leeway: 0,
      httpHeader: 'authorization',
      defaultPermission: Authenticated,
      realm: 'api',
      maxTokenLength: 8192,
      debug: false,
    });
    expect([...options.authTypes]).toEqual(['bearer', 'jwt']);
  });

  it('turns a string secret into a KeyObject once', () => {
    const { key } = resolve({}).keys.signing!;
    expect(key.type).toBe('secret');
    expect(key.symmetricKeySize).toBe(64);
  });

  it('fails without options', () => {
    expect(() => resolveJwtAuthOptions(undefined)).toThrow(/options are missing/);
  });

  it('fails without a secret, saying how to generate one', () => {
    expect(() => resolveJwtAuthOptions({})).toThrow(/"secret" is required.*randomBytes\(64\)/);
  });

  it('fails on an empty secret', () => {
    expect(() => resolve({ secret: '' })).toThrow(/"secret" is empty/);
  });

  it.each([
    ['HS256', 31],
    ['HS384', 47],
    ['HS512', 63],
  ] as const)('fails on a %s secret of %i bytes (RFC 7518 §3.2)', (algorithm, bytes) => {
    expect(() => resolve({ algorithm, secret: Buffer.alloc(bytes, 1) })).toThrow(
      new RegExp(`${bytes} bytes long, but ${algorithm} needs at least ${bytes + 1}`),
    );
  });

  it('counts a string secret in UTF-8 bytes', () => {
    expect(() => resolve({ algorithm: 'HS256', secret: 'é'.repeat(16) })).not.toThrow();
  });

  it('accepts a KeyObject secret of the minimum size', () => {
    expect(
      resolve({ algorithm: 'HS256', secret: createSecretKey(Buffer.alloc(32)) }).keys.signing!.key
        .symmetricKeySize,
    ).toBe(32);
  });

  it('refuses a private key as an HMAC secret', () => {
    const { privateKey } = testKeyPair('ec-p256');
    expect(() => resolve({ secret: privateKey })).toThrow(/private key/);
  });

  it('refuses a secret of another type', () => {
    expect(() => resolve({ secret: 42 as never })).toThrow(/string, a Buffer or a KeyObject/);
  });

  it('fails on an unknown algorithm', () => {
    expect(() => resolve({ algorithm: 'HS1' as never })).toThrow(/unknown "algorithm" "HS1"/);
  });

  it.each([0, -1, Number.POSITIVE_INFINITY, Number.NaN, '60'])('fails on expiration %p', (expiration) => {
    expect(() => resolve({ expiration: expiration as never })).toThrow(/"expiration" must be a positive/);
  });

  it('waits 5000 ms for a GroupFinder by default, and for ever with false or 0', () => {
    expect(resolve({}).groupFinderTimeout).toBe(5000);
    expect(resolve({ groupFinderTimeout: false }).groupFinderTimeout).toBe(0);
    expect(resolve({ groupFinderTimeout: 0 }).groupFinderTimeout).toBe(0);
    expect(resolve({ groupFinderTimeout: 250 }).groupFinderTimeout).toBe(250);
  });

  it.each([-1, 1.5, Number.POSITIVE_INFINITY, Number.NaN, 2 ** 31, '5000', true])(
    'fails on groupFinderTimeout %p, saying how to fix it',
    (timeout) => {
      expect(() => resolve({ groupFinderTimeout: timeout as never })).toThrow(
        /"groupFinderTimeout" must be a whole number of milliseconds from 1 to 2147483647, or false to wait for ever; got /,
      );
    },
  );

  it('fails on a negative leeway', () => {
    expect(() => resolve({ leeway: -1 })).toThrow(/"leeway"/);
  });

  it('fails on an empty audience', () => {
    expect(() => resolve({ audience: [] })).toThrow(/"audience"/);
  });

  it('fails on a header name with spaces', () => {
    expect(() => resolve({ httpHeader: 'X Token' })).toThrow(/"httpHeader"/);
  });

  it('fails on an empty list of auth types', () => {
    expect(() => resolve({ authType: [] })).toThrow(/"authType"/);
  });

  it('fails on a realm that would break the challenge header', () => {
    expect(() => resolve({ realm: 'a"b' })).toThrow(/"realm"/);
  });

  it('reads the bare words Authenticated and Everyone as system principals', () => {
    expect(resolve({ defaultPermission: 'Everyone' }).defaultPermission).toBe(Everyone);
  });

  it('accepts no schemes for another header, which carries a bare token', () => {
    expect(resolve({ httpHeader: 'X-Token' }).authTypes.size).toBe(0);
  });
});

describe('resolveJwtAuthOptions with cookies and keys together', () => {
  it('refuses cookie mode on a verify-only service, which has no key to derive CSRF tokens from', () => {
    const { publicKey } = testKeyPair('ed25519-a');
    expect(() => resolveJwtAuthOptions({ algorithm: 'EdDSA', publicKey, cookie: {} })).toThrow(
      /cookie mode needs a signing key/,
    );
  });

  it('derives the CSRF key from a private signing key', () => {
    const { privateKey } = testKeyPair('ed25519-a');
    expect(resolveJwtAuthOptions({ algorithm: 'EdDSA', privateKey, cookie: {} }).cookie?.csrf?.key.type).toBe(
      'secret',
    );
  });

  it('sets no request.user unless asked, and refuses a requestUser that is neither a boolean nor a function', () => {
    expect(resolve({}).requestUser).toBeUndefined();
    expect(resolve({ requestUser: false }).requestUser).toBeUndefined();
    expect(() => resolve({ requestUser: 'claims' as never })).toThrow(
      '"requestUser" must be true (the claims plus userId), false, or a function',
    );
  });

  it('makes requestUser: true give the claims and userId, a new object each time', () => {
    const { requestUser } = resolve({ requestUser: true });
    const identity = {
      userId: 'alice',
      principals: [],
      claims: Object.freeze({ sub: 'alice', name: 'Alice' }),
      anonymousReason: undefined,
    };
    const user = requestUser!(identity);
    expect(user).toEqual({ sub: 'alice', name: 'Alice', userId: 'alice' });
    expect(requestUser!(identity)).not.toBe(user);
    expect(Object.isFrozen(user)).toBe(false);
  });
});
