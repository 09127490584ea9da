import { SetMetadata } from '@nestjs/common';
import { SCOPES_METADATA } from '../jwt-auth.constants';
import { SCOPE_TOKEN } from './scope.util';

/**
 * The OAuth scopes a route requires, on a handler or a whole controller (the handler's wins): the
 * token's `scope` claim (space-separated, RFC 9068 §2.2.3), or `scp` (a string or an array, as
 * Entra ID and Okta write it), must grant every one of them. A token that lacks one gets 403 with
 * `WWW-Authenticate: Bearer error="insufficient_scope", scope="..."` (RFC 6750 §3.1); a request
 * without a valid token gets 401 as usual. Checked before `@Permission()`, which still applies.
 *
 * @example
 * @Get('documents')
 * @Scopes('documents.read')
 * list() { ... }
 */
export function Scopes(...scopes: string[]): MethodDecorator & ClassDecorator {
  if (scopes.length === 0 || !scopes.every((scope) => typeof scope === 'string' && SCOPE_TOKEN.test(scope))) {
    throw new TypeError(
      "@Scopes() needs one or more scope names, such as @Scopes('documents.read'): printable ASCII without spaces, double quotes or backslashes.",
    );
  }
  return SetMetadata(SCOPES_METADATA, Object.freeze([...new Set(scopes)]));
}
