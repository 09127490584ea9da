import type { VerifiedClaims } from './identity.interface';

/**
 * Supplies a user's groups, like Pyramid's `groupfinder` callback. Both the contract and the DI
 * token: implement it as an `@Injectable()` class (it may inject its own services) and hand it to
 * `JwtAuthModule.forRoot({ groupFinder })`, or provide `GroupFinder` yourself.
 *
 * It is called at most once per request with a valid token, and must be a singleton provider.
 */
export abstract class GroupFinder {
  /**
   * The groups of `userId` (the token's `sub`), each becoming one of the request's principals
   * under its own name (the user itself is `user:<userId>`, so a group name may not start with
   * `user:`). Return `null` or `undefined` when the user no longer counts (deleted, disabled): the
   * request is then anonymous, as Pyramid treats a callback that returns `None`. A thrown error, a
   * rejection, an answer of another type, or no answer within `groupFinderTimeout` is logged as an
   * error and never lets the request through: a route that needs a user answers 500 (503 for the
   * timeout), a public route treats the caller as anonymous. `request` is the object that carries
   * the call's identity: the HTTP request (also under GraphQL), the WebSocket client (called once
   * per connection), or the RPC context of a microservice message. `claims` are the token's
   * verified claims: with several `issuers`, `claims.iss` says whose user `userId` is, since two
   * providers (or a provider and the service itself) may use the same `sub` for different people.
   */
  abstract findGroups(
    userId: string,
    request: unknown,
    claims: VerifiedClaims,
  ): readonly string[] | null | undefined | Promise<readonly string[] | null | undefined>;
}
