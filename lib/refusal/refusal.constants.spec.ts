import { Authenticated, Everyone } from '../jwt-auth.constants';
import { anonymousIdentity } from '../identity/principals.service';
import { isCredentialsRefusal, isServerFault, refusalCodeOf, REFUSAL_MESSAGES } from './refusal.constants';
import type { CallRefusalCode } from './refusal-code.interface';

describe('refusalCodeOf', () => {
  it('is the reason an anonymous identity is anonymous', () => {
    expect(refusalCodeOf(anonymousIdentity('token_expired'))).toBe('token_expired');
  });

  it('is permission_denied for a user', () => {
    const user = {
      userId: 'bob',
      principals: [Everyone, Authenticated, 'user:bob'],
      claims: {},
      anonymousReason: undefined,
    };
    expect(refusalCodeOf(user)).toBe('permission_denied');
  });
});

describe('isCredentialsRefusal', () => {
  it.each(['token_invalid', 'token_expired', 'user_unknown', 'dpop_bound_token'] as const)(
    'is true for %s',
    (code) => {
      expect(isCredentialsRefusal(code)).toBe(true);
    },
  );

  it.each(['token_missing', 'permission_denied', 'dpop_proof_replayed', 'dpop_nonce_required'] as const)(
    'is false for %s',
    (code) => {
      expect(isCredentialsRefusal(code)).toBe(false);
    },
  );
});

describe('isServerFault', () => {
  it.each(['group_finder_failed', 'group_finder_faulty', 'group_finder_timeout'] as const)(
    'is true for %s',
    (code) => {
      expect(isServerFault(code)).toBe(true);
    },
  );

  it.each([
    'token_missing',
    'token_invalid',
    'user_unknown',
    'token_ambiguous',
    'permission_denied',
  ] as const)('is false for %s', (code) => {
    expect(isServerFault(code)).toBe(false);
  });
});

describe('REFUSAL_MESSAGES', () => {
  it('has a printable message for every code, fit for a WWW-Authenticate error_description', () => {
    for (const [code, message] of Object.entries(REFUSAL_MESSAGES) as Array<[CallRefusalCode, string]>) {
      expect([code, /^[\x20\x21\x23-\x5b\x5d-\x7e]+$/.test(message)]).toEqual([code, true]);
    }
  });
});
