import { randomBytes } from 'node:crypto';
import { resolveJwtAuthOptions, type JwtAuthOptions } from '../jwt-auth.options';
import { JwtTokenError } from './jwt-token.errors';
import { JwtTokenService } from './jwt-token.service';

const START = 1_700_000_000_000;
const secret = randomBytes(64);

function serviceAt(clock: { now: number }, options: JwtAuthOptions = {}): JwtTokenService {
  return new JwtTokenService(resolveJwtAuthOptions({ secret, clock: () => clock.now, ...options }));
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof JwtTokenError ? error.code : `unexpected ${String(error)}`;
  }
}

describe('JwtTokenService with the verified-token cache', () => {
  // The signature check is what a hit skips: counted on the service's own step, whichever
  // backend (node:crypto for HMAC) performs it.
  let verify: jest.SpyInstance;

  beforeEach(() => {
    verify = jest.spyOn(JwtTokenService.prototype as unknown as { checkSignature(): void }, 'checkSignature');
  });

  afterEach(() => {
    verify.mockRestore();
  });

  it('checks the signature of a repeated token once', async () => {
    const clock = { now: START };
    const service = serviceAt(clock);
    const token = await service.createToken('alice');
    await service.verifyToken(token);
    await service.verifyToken(token);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('returns the same claims on a hit as on the first verification', async () => {
    const clock = { now: START };
    const service = serviceAt(clock);
    const token = await service.createToken('alice', { claims: { role: 'admin' } });
    const first = await service.verifyToken(token);
    expect(await service.verifyToken(token)).toEqual(first);
  });

  it('never remembers a refusal: a bad signature is checked every time', async () => {
    const clock = { now: START };
    const service = serviceAt(clock);
    const forged = await serviceAt(clock, { secret: randomBytes(64) }).createToken('alice');
    const codes = [await codeOf(service.verifyToken(forged)), await codeOf(service.verifyToken(forged))];
    expect({ codes, calls: verify.mock.calls.length }).toEqual({
      codes: ['signature_invalid', 'signature_invalid'],
      calls: 2,
    });
  });

  it('refuses a remembered token once it has expired', async () => {
    const clock = { now: START };
    const service = serviceAt(clock, { expiration: 60 });
    const token = await service.createToken('alice');
    await service.verifyToken(token);
    clock.now = START + 60_000;
    expect(await codeOf(service.verifyToken(token))).toBe('expired');
  });

  it('accepts a remembered token within the leeway after its exp', async () => {
    const clock = { now: START };
    const service = serviceAt(clock, { expiration: 60, leeway: 10 });
    const token = await service.createToken('alice');
    await service.verifyToken(token);
    clock.now = START + 69_000;
    expect(await codeOf(service.verifyToken(token))).toBeUndefined();
  });

  it('refuses a remembered token when the clock goes back before its iat', async () => {
    const clock = { now: START };
    const service = serviceAt(clock);
    const token = await service.createToken('alice');
    await service.verifyToken(token);
    clock.now = START - 5_000;
    expect(await codeOf(service.verifyToken(token))).toBe('issued_in_future');
  });

  it('accepts a token once its nbf has come, after refusing it before', async () => {
    const clock = { now: START };
    const service = serviceAt(clock);
    const token = await service.createToken('alice', { claims: { nbf: START / 1000 + 30 } });
    const before = await codeOf(service.verifyToken(token));
    clock.now = START + 30_000;
    expect([before, await codeOf(service.verifyToken(token))]).toEqual(['not_yet_valid', undefined]);
  });

  it('still refuses what is not a string as malformed', async () => {
    const service = serviceAt({ now: START });
    expect(await codeOf(service.verifyToken(null as unknown as string))).toBe('malformed');
  });

  it('checks every time when tokenCache is false', async () => {
    const clock = { now: START };
    const service = serviceAt(clock, { tokenCache: false });
    const token = await service.createToken('alice');
    await service.verifyToken(token);
    await service.verifyToken(token);
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('checks again after the key generation changes', async () => {
    class RotatingTokenService extends JwtTokenService {
      generation = 1;
      override get keySetGeneration(): number {
        return this.generation;
      }
    }
    const service = new RotatingTokenService(resolveJwtAuthOptions({ secret, clock: () => START }));
    const token = await service.createToken('alice');
    await service.verifyToken(token);
    service.generation = 2;
    await service.verifyToken(token);
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('returns frozen claims, since requests with the same token share them', async () => {
    const clock = { now: START };
    const service = serviceAt(clock);
    const claims = await service.verifyToken(await service.createToken('alice'));
    expect(Object.isFrozen(claims)).toBe(true);
  });
});
