import { Test } from '@nestjs/testing';
import { JwtAuthModule } from '../jwt-auth.module';
import { JwtTokenService } from '../token/jwt-token.service';
import type { VerifiedClaims, ReadonlyJsonValue } from './identity.interface';

// Type tests: each `@ts-expect-error` line must be a compile error (`npm run typecheck` fails
// otherwise), and each is a mutation that throws at run time on a verified token's claims, which
// are frozen, deeply. Under test, each runs and must throw.

/** What an application declares by merging into VerifiedClaims, read-only as the docs say. */
interface AppClaims extends VerifiedClaims {
  readonly roles?: readonly string[];
}

describe('VerifiedClaims', () => {
  let claims: AppClaims;

  beforeAll(async () => {
    const ref = await Test.createTestingModule({
      imports: [JwtAuthModule.forRoot({ secret: 's'.repeat(64) })],
    }).compile();
    const tokens = ref.get(JwtTokenService);
    const token = await tokens.createToken('alice', {
      claims: { roles: ['user'], profile: { name: 'Alice', tags: ['a'] } },
    });
    claims = await tokens.verifyToken(token);
    await ref.close();
  });

  it('types the registered claims read-only', () => {
    expect(() => {
      // @ts-expect-error sub is read-only
      claims.sub = 'mallory';
    }).toThrow(TypeError);
    expect(() => {
      // @ts-expect-error exp is read-only
      claims.exp = Number.MAX_SAFE_INTEGER;
    }).toThrow(TypeError);
  });

  it('lets no claim be added or removed', () => {
    expect(() => {
      // @ts-expect-error the index signature is read-only
      claims.admin = true;
    }).toThrow(TypeError);
    expect(() => {
      // @ts-expect-error a read-only claim cannot be deleted
      delete claims.sub;
    }).toThrow(TypeError);
  });

  it("types a declared claim's array read-only", () => {
    // @ts-expect-error a readonly string[] has no push
    expect(() => claims.roles?.push('admin')).toThrow(TypeError);
  });

  it('types the objects and arrays inside an undeclared claim read-only', () => {
    const profile = claims.profile;
    if (typeof profile !== 'object' || profile === null || !('name' in profile))
      throw new Error('no profile claim');
    const object = profile;
    expect(() => {
      // @ts-expect-error nested objects are read-only
      object.name = 'Mallory';
    }).toThrow(TypeError);
    const tags = object.tags as readonly ReadonlyJsonValue[];
    // @ts-expect-error nested arrays are read-only
    expect(() => tags.push('b')).toThrow(TypeError);
  });

  it('still reads every claim', () => {
    expect([claims.sub, claims.roles, claims.profile]).toEqual([
      'alice',
      ['user'],
      { name: 'Alice', tags: ['a'] },
    ]);
  });
});
