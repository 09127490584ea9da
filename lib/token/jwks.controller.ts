import { Controller, Get, Header, Inject, type Type } from '@nestjs/common';
import { Public } from '../authorization/permission.decorator';
import type { JsonWebKeySet } from './jwk.util';
import { JwtTokenService } from './jwt-token.service';

/**
 * `Cache-Control` of the JWKS route: verifiers may keep the set 5 minutes, so publish a new key in
 * `keys` at least that long before `signingKeyId` switches to it.
 */
export const JWKS_CACHE_CONTROL = 'public, max-age=300';

// A literal path: no route parameters or wildcards, which would make the JWKS route match other URLs.
const LITERAL_PATH = /^\/[A-Za-z0-9._~\-/]*$/;

/**
 * The controller behind the `jwksRoute` option, serving `JwtTokenService.getJwks()` at `route` to
 * anyone (`@Public()`, so the global guard lets it through). Built only when the option is set;
 * refuses to start when there is no public key to publish.
 */
export function createJwksController(route: string): Type<unknown> {
  if (typeof route !== 'string' || !LITERAL_PATH.test(route)) {
    throw new Error(
      `JwtAuthModule: "jwksRoute" must be a literal path such as '/.well-known/jwks.json'; got ${JSON.stringify(route)}.`,
    );
  }

  @Controller()
  class JwksController {
    constructor(@Inject(JwtTokenService) private readonly tokens: JwtTokenService) {
      if (tokens.getJwks().keys.length === 0) {
        throw new Error(
          'JwtAuthModule: "jwksRoute" is set, but there is no public key to publish (an HMAC secret is never published). ' +
            'Configure "privateKey" / "publicKey" (RS256, ES256, EdDSA...) or asymmetric "keys", or remove "jwksRoute".',
        );
      }
    }

    /** The public keys, as a JWK Set. */
    @Public()
    @Get(route)
    @Header('Cache-Control', JWKS_CACHE_CONTROL)
    getJwks(): JsonWebKeySet {
      return this.tokens.getJwks();
    }
  }
  return JwksController;
}
