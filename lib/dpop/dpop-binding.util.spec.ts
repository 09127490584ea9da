import { boundKeyOf, isJwkThumbprint } from './dpop-binding.util';

const JKT = '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I';

describe('boundKeyOf', () => {
  it("is the cnf.jkt of a bound token's claims", () => {
    expect(boundKeyOf({ cnf: { jkt: JKT } })).toBe(JKT);
  });

  it('is undefined without cnf, or with a cnf of another kind (mTLS)', () => {
    expect(boundKeyOf({ sub: 'alice' })).toBeUndefined();
    expect(boundKeyOf({ cnf: { 'x5t#S256': 'abc' } })).toBeUndefined();
    expect(boundKeyOf({ cnf: 'text' })).toBeUndefined();
  });

  it('is a value no proof key has for a jkt that is not text: still bound, never matched', () => {
    expect(boundKeyOf({ cnf: { jkt: 42 } })).toBe('');
  });
});

describe('isJwkThumbprint', () => {
  it('accepts 43 base64url characters only', () => {
    expect(isJwkThumbprint(JKT)).toBe(true);
    expect(isJwkThumbprint(`${JKT}=`)).toBe(false);
    expect(isJwkThumbprint(JKT.slice(1))).toBe(false);
    expect(isJwkThumbprint(42)).toBe(false);
  });
});
