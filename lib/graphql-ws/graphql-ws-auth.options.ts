import { normalizePermission } from '../authorization/permission.util';

/** What {@link GraphqlWsAuthService#hooks} checks at `connection_init`, beyond the token. */
export interface GraphqlWsAuthOptions {
  /**
   * Whether a connection without a token is acknowledged, anonymous, for the `@Public()`
   * subscriptions (the others answer it an `UNAUTHENTICATED` error). Default `false`: it is
   * closed with 4401 (`token_missing`). A bad or expired token is closed either way.
   */
  allowAnonymous?: boolean;
  /**
   * A permission the connection must hold on the root ACL to be acknowledged at all, on top of
   * each subscription's `@Permission()`: a user without it is closed with 4403
   * (`permission_denied`), an anonymous connection with 4401. Default: none.
   */
  connectionPermission?: string;
}

/** {@link GraphqlWsAuthOptions}, checked and defaulted. */
export interface ResolvedGraphqlWsAuthOptions {
  readonly allowAnonymous: boolean;
  readonly connectionPermission: string | undefined;
}

const KNOWN_OPTIONS = new Set<string>(['allowAnonymous', 'connectionPermission']);

function fail(message: string): never {
  throw new Error(`GraphqlWsAuthService.hooks(): ${message}`);
}

/** Checks the options of `GraphqlWsAuthService#hooks()` once, when the GraphQL module is configured. */
export function resolveGraphqlWsAuthOptions(
  options: GraphqlWsAuthOptions | undefined,
): ResolvedGraphqlWsAuthOptions {
  if (options === undefined) return Object.freeze({ allowAnonymous: false, connectionPermission: undefined });
  if (typeof options !== 'object' || options === null) fail('the options must be an object, or omitted.');
  const unknown = Object.keys(options).filter((key) => !KNOWN_OPTIONS.has(key));
  if (unknown.length > 0) {
    fail(
      `unknown option ${unknown.map((key) => JSON.stringify(key)).join(', ')}; the options are allowAnonymous and connectionPermission.`,
    );
  }
  const allowAnonymous = options.allowAnonymous ?? false;
  if (typeof allowAnonymous !== 'boolean')
    fail(`"allowAnonymous" must be true or false; got ${JSON.stringify(allowAnonymous)}.`);
  const permission = options.connectionPermission;
  if (permission !== undefined && (typeof permission !== 'string' || permission === '')) {
    fail(
      `"connectionPermission" must be a permission name; got ${JSON.stringify(permission)}. Omit it to need none.`,
    );
  }
  return Object.freeze({
    allowAnonymous,
    connectionPermission: permission === undefined ? undefined : normalizePermission(permission),
  });
}
