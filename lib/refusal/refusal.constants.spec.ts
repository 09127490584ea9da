import { Authenticated, Everyone } from '../jwt-auth.constants';
import { anonymousIdentity } from '../identity/principals.service';
import { isCredentialsRefusal, refusalCodeOf } from './refusal.constants';

describe('refusalCodeOf', () => {
  it('is the reason an anonymous identity is anonymous', () => {
    expect(refusalCodeOf(anonymousIdentity('token_expired'))).toBe('token_expired');
  });

  it('is permission_denied for a user', () => {
    const user = { userId: 'bob', principals: [Everyone, Authenticated, 'bob'], claims: {}, anonymousReason: undefined };
    expect(refusalCodeOf(user)).toBe('permission_denied');
  });
});

describe('isCredentialsRefusal', () => {
  it.each(['token_invalid', 'token_expired', 'user_unknown'] as const)('is true for %s', (code) => {
    expect(isCredentialsRefusal(code)).toBe(true);
  });

  it.each(['token_missing', 'permission_denied'] as const)('is false for %s', (code) => {
    expect(isCredentialsRefusal(code)).toBe(false);
  });
});
