import { Authenticated, Everyone } from '../jwt-auth.constants';
import type { JwtAuthRequestData, RequestIdentity } from './identity.interface';
import {
  clearPendingIdentity,
  defineRequestDataAccessors,
  getPendingIdentity,
  getRequestIdentity,
  setPendingIdentity,
  setRequestIdentity,
} from './request-identity.store';

const alice: RequestIdentity = {
  userId: 'alice',
  principals: [Everyone, Authenticated, 'user:alice'],
  claims: { sub: 'alice', exp: 2_000_000_000 },
  anonymousReason: undefined,
};

describe('the request identity store', () => {
  it('returns the identity set for a request', () => {
    const request = {};
    setRequestIdentity(request, alice);
    expect(getRequestIdentity(request)).toBe(alice);
  });

  it('returns nothing for a request the guard has not seen', () => {
    expect(getRequestIdentity({})).toBeUndefined();
  });

  it('sets the request data on a request whose prototype has no accessors', () => {
    const request: JwtAuthRequestData = {};
    setRequestIdentity(request, alice);
    expect(Object.keys(request).map((name) => [name, request[name as keyof JwtAuthRequestData]])).toEqual([
      ['jwtClaims', alice.claims],
      ['authenticatedUserId', 'alice'],
      ['effectivePrincipals', alice.principals],
    ]);
  });

  it('returns the identity set for a request whose prototype has the accessors', () => {
    const prototype = {};
    defineRequestDataAccessors(prototype);
    const request = Object.create(prototype) as object;
    setRequestIdentity(request, alice);
    expect(getRequestIdentity(request)).toBe(alice);
  });

  it('adds no property to a request whose prototype has the accessors', () => {
    const prototype = {};
    defineRequestDataAccessors(prototype);
    const request = Object.create(prototype) as object;
    setRequestIdentity(request, alice);
    expect(Reflect.ownKeys(request)).toEqual([]);
  });

  it('reads the request data through the accessors', () => {
    const prototype = {};
    defineRequestDataAccessors(prototype);
    const request = Object.create(prototype) as JwtAuthRequestData;
    setRequestIdentity(request, alice);
    expect([request.jwtClaims, request.authenticatedUserId, request.effectivePrincipals]).toEqual([
      alice.claims,
      'alice',
      alice.principals,
    ]);
  });

  it('reads undefined through the accessors before the guard has run', () => {
    const prototype = {};
    defineRequestDataAccessors(prototype);
    expect((Object.create(prototype) as JwtAuthRequestData).authenticatedUserId).toBeUndefined();
  });

  it('lets the application assign a request data field of its own on one request', () => {
    const prototype = {};
    defineRequestDataAccessors(prototype);
    const request = Object.create(prototype) as JwtAuthRequestData;
    const other = Object.create(prototype) as JwtAuthRequestData;
    setRequestIdentity(other, alice);
    request.authenticatedUserId = 'bob';
    expect([request.authenticatedUserId, other.authenticatedUserId]).toEqual(['bob', 'alice']);
  });
});

describe('the identities being resolved', () => {
  it('hands the pending identity of a request to later guard runs, until it is cleared', () => {
    const request = {};
    const pending = Promise.resolve(alice);
    setPendingIdentity(request, pending);
    expect(getPendingIdentity(request)).toBe(pending);
    expect(getPendingIdentity({})).toBeUndefined();
    clearPendingIdentity(request);
    expect(getPendingIdentity(request)).toBeUndefined();
  });

  it('keeps a pending identity apart from the resolved one, which the decorators read', () => {
    const request: JwtAuthRequestData = {};
    setPendingIdentity(request, Promise.resolve(alice));
    expect(getRequestIdentity(request)).toBeUndefined();
    expect(request.authenticatedUserId).toBeUndefined();
    clearPendingIdentity(request);
  });

  it('counts each request once, so that clearing one leaves the others pending', () => {
    const [first, second] = [{}, {}];
    const pending = Promise.resolve(alice);
    setPendingIdentity(first, pending);
    setPendingIdentity(first, pending);
    setPendingIdentity(second, pending);
    clearPendingIdentity(first);
    clearPendingIdentity(first);
    expect(getPendingIdentity(second)).toBe(pending);
    clearPendingIdentity(second);
    expect(getPendingIdentity(second)).toBeUndefined();
  });
});
