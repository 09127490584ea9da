import type { JwtAuthRequestData, RequestIdentity } from './identity.interface';

// The identity of each request the guard has resolved: the source of truth for the guard (which
// resolves it at most once per request, even when it runs twice) and for the parameter
// decorators. A WeakMap rather than a property of the request: on Express every request object has
// a hidden class of its own, so each property added to one costs microseconds.
const identities = new WeakMap<object, RequestIdentity>();

// Prototypes that expose the request data through accessors (see defineRequestDataAccessors).
const prototypesWithAccessors = new WeakSet<object>();

const REQUEST_DATA: ReadonlyArray<[keyof JwtAuthRequestData, (identity: RequestIdentity) => unknown]> = [
  ['jwtClaims', (identity) => identity.claims],
  ['authenticatedUserId', (identity) => identity.userId],
  ['effectivePrincipals', (identity) => identity.principals],
];

/** The identity the guard resolved for `request`, or `undefined` when it has not run on it. */
export function getRequestIdentity(request: object): RequestIdentity | undefined {
  return identities.get(request);
}

/**
 * Remembers the identity of `request` and exposes it as {@link JwtAuthRequestData}: through the
 * accessors of its prototype when it has them, else as properties set on the request itself.
 */
export function setRequestIdentity(request: object, identity: RequestIdentity): void {
  identities.set(request, identity);
  if (prototypesWithAccessors.has(Object.getPrototypeOf(request))) return;
  const data = request as JwtAuthRequestData;
  data.jwtClaims = identity.claims;
  data.authenticatedUserId = identity.userId;
  data.effectivePrincipals = identity.principals;
}

/**
 * Defines, once at start-up, the {@link JwtAuthRequestData} fields as accessors on `prototype`,
 * the prototype every request of the HTTP adapter is given (Express's `app.request`), so that no
 * request needs properties added. Assigning one of the fields still works: it becomes a property of
 * that request.
 */
export function defineRequestDataAccessors(prototype: object): void {
  for (const [name, read] of REQUEST_DATA) {
    Object.defineProperty(prototype, name, {
      configurable: true,
      enumerable: false,
      get(this: object) {
        const identity = identities.get(this);
        return identity === undefined ? undefined : read(identity);
      },
      set(this: object, value: unknown) {
        Object.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
      },
    });
  }
  prototypesWithAccessors.add(prototype);
}
