import type { JwtAuthRequestData, RequestIdentity } from './identity.interface';

// The identity of each request the guard has resolved is the source of truth for the guard (which
// resolves it at most once per request, even when it runs twice) and for the parameter
// decorators. It is kept on the request, under a symbol, with the request data beside it: cheap on
// objects of a stable shape (Fastify's requests, sockets). But Express gives every request object a
// hidden class of its own, which makes each added property costly: there, the identity is kept in
// a WeakMap and the request data read through accessors defined once on the prototype (by the
// module, at start-up). Not a WeakMap everywhere: for short-lived keys at a high rate, its GC work
// costs more than a property.
const IDENTITY = Symbol('nestjs-jwt-permissions:identity');
const identities = new WeakMap<object, RequestIdentity>();

// Identities still being resolved (an async GroupFinder, a key being fetched), so that guard runs
// that overlap on one request (a GraphQL operation's fields) or one connection (a burst of WebSocket
// messages) wait for the same lookup instead of each starting its own. Apart from the resolved
// identity, which the decorators read. The count lets the synchronous path skip the lookup.
const pendingIdentities = new WeakMap<object, Promise<RequestIdentity>>();
let pendingCount = 0;

// Prototypes that expose the request data through accessors (see defineRequestDataAccessors).
const prototypesWithAccessors = new WeakSet<object>();

// None until an Express application starts: elsewhere, requests skip the WeakSet lookup.
let anyPrototypeWithAccessors = false;

function hasAccessors(request: object): boolean {
  return anyPrototypeWithAccessors && prototypesWithAccessors.has(Object.getPrototypeOf(request) as object);
}

const REQUEST_DATA: ReadonlyArray<[keyof JwtAuthRequestData, (identity: RequestIdentity) => unknown]> = [
  ['jwtClaims', (identity) => identity.claims],
  ['authenticatedUserId', (identity) => identity.userId],
  ['effectivePrincipals', (identity) => identity.principals],
];

/** The identity the guard resolved for `request`, or `undefined` when it has not run on it. */
export function getRequestIdentity(request: object): RequestIdentity | undefined {
  return hasAccessors(request)
    ? identities.get(request)
    : (request as Record<symbol, RequestIdentity | undefined>)[IDENTITY];
}

/** The identity being resolved for `request` by an earlier guard run that has not finished, if any. */
export function getPendingIdentity(request: object): Promise<RequestIdentity> | undefined {
  return pendingCount === 0 ? undefined : pendingIdentities.get(request);
}

/** Shares `identity`, not resolved yet, with the guard runs on `request` that start before it settles. */
export function setPendingIdentity(request: object, identity: Promise<RequestIdentity>): void {
  if (!pendingIdentities.has(request)) pendingCount++;
  pendingIdentities.set(request, identity);
}

/** Forgets the identity being resolved for `request`, once it has settled. */
export function clearPendingIdentity(request: object): void {
  if (pendingIdentities.delete(request)) pendingCount--;
}

/**
 * Remembers the identity of `request` and exposes it as {@link JwtAuthRequestData}: through the
 * accessors of its prototype when it has them, else as properties of the request itself.
 */
export function setRequestIdentity(request: object, identity: RequestIdentity): void {
  if (hasAccessors(request)) {
    identities.set(request, identity);
    return;
  }
  (request as Record<symbol, RequestIdentity>)[IDENTITY] = identity;
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
  anyPrototypeWithAccessors = true;
}
