import { Authenticated, Everyone, type CallDescription, type CallTransport } from 'nestjs-jwt-permissions';
import { DENY_EDIT } from './transports.app';

/** bob's principals: a user without groups. */
export const BOB_PRINCIPALS = [Everyone, Authenticated, 'user:bob'];

/** Where a call off HTTP went, as the events describe it: no route. */
export function callOn(transport: CallTransport, handler: string): CallDescription {
  return { transport, handler, route: undefined };
}

/** The whole `authenticated` event of bob's call of `call`, with a token of the token service (a `jti` and a `sid`, no `iss`). */
export function bobAuthenticated(call: CallDescription): [string, unknown] {
  return [
    'authenticated',
    {
      ...call,
      userId: 'bob',
      principals: BOB_PRINCIPALS,
      issuer: undefined,
      tokenId: expect.any(String),
      sessionId: expect.any(String),
    },
  ];
}

/** The `refused` event of an anonymous call of `call`, which needs a user, with `code`. */
export function anonymousRefused(call: CallDescription, code: string): [string, unknown] {
  return ['refused', { ...call, code, userId: null, required: [Authenticated] }];
}

/**
 * The events of bob refused `permission` at `call`: `authenticated` (at `authenticatedAt`, which
 * a connection authenticates once), `permissionDenied` with the deciding ACE and the resource
 * (by default, `edit` on ledger 7, refused by its `Deny` ACE), then `refused`.
 */
export function bobDenied(
  call: CallDescription,
  options: { permission?: string; ace?: unknown; resource?: string; authenticatedAt?: CallDescription } = {},
): [string, unknown][] {
  const { permission = 'edit', authenticatedAt = call } = options;
  // `undefined` is a value here (the default deny, the root ACL): only a missing field takes the default.
  const ace = 'ace' in options ? options.ace : DENY_EDIT;
  const resource = 'resource' in options ? options.resource : '<Ledger 7>';
  return [
    ['authenticated', expect.objectContaining({ ...authenticatedAt, userId: 'bob' })],
    ['permissionDenied', { ...call, userId: 'bob', principals: BOB_PRINCIPALS, permission, ace, resource }],
    ['refused', { ...call, code: 'permission_denied', userId: 'bob', required: [permission] }],
  ];
}
