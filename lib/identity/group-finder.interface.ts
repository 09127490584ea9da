/**
 * Supplies a user's groups, like Pyramid's `groupfinder` callback. Both the contract and the DI
 * token: implement it as an `@Injectable()` class (it may inject its own services) and hand it to
 * `JwtAuthModule.forRoot({ groupFinder })`, or provide `GroupFinder` yourself.
 *
 * It is called at most once per request with a valid token, and must be a singleton provider.
 */
export abstract class GroupFinder {
  /**
   * The groups of `userId` (the token's `sub`), each becoming one of the request's principals.
   * Return `null` or `undefined` when the user no longer counts (deleted, disabled): the request is
   * then anonymous, as Pyramid treats a callback that returns `None`. A thrown error fails the
   * request; it is never let through. `request` is the object that carries the call's identity:
   * the HTTP request (also under GraphQL), the WebSocket client (called once per connection), or
   * the RPC context of a microservice message.
   */
  abstract findGroups(
    userId: string,
    request: unknown,
  ): readonly string[] | null | undefined | Promise<readonly string[] | null | undefined>;
}
