import { challengeFor } from './http.refusal';

describe('challengeFor (RFC 6750 §3)', () => {
  it('answers a request without credentials with a bare Bearer challenge and 401', () => {
    const { header, exception } = challengeFor('token_missing', 'api');
    expect(header).toBe('Bearer realm="api"');
    expect(exception.getStatus()).toBe(401);
    expect(exception.getResponse()).toMatchObject({ code: 'token_missing' });
  });

  it.each(['token_expired', 'token_invalid', 'user_unknown'] as const)(
    'answers %s with invalid_token and 401',
    (code) => {
      const { header, exception } = challengeFor(code, 'api');
      expect(header).toMatch(/^Bearer realm="api", error="invalid_token", error_description="[^"\\]+"$/);
      expect(exception.getStatus()).toBe(401);
      expect(exception.getResponse()).toMatchObject({ statusCode: 401, code });
    },
  );

  it('tells expired from invalid in the description', () => {
    expect(challengeFor('token_expired', 'api').header).toContain('expired');
    expect(challengeFor('token_invalid', 'api').header).not.toContain('expired');
  });

  it('answers a denied permission with insufficient_scope and 403', () => {
    const { header, exception } = challengeFor('permission_denied', 'shop');
    expect(header).toMatch(/^Bearer realm="shop", error="insufficient_scope"/);
    expect(exception.getStatus()).toBe(403);
  });

  it('answers a missing scope with insufficient_scope, 403 and the scopes the route needs (§3.1)', () => {
    const { header, exception } = challengeFor('scope_missing', 'shop', [
      'documents.read',
      'documents.write',
    ]);
    expect(header).toBe(
      'Bearer realm="shop", error="insufficient_scope", error_description="The access token lacks a scope this request needs", ' +
        'scope="documents.read documents.write"',
    );
    expect(exception.getStatus()).toBe(403);
    expect(exception.getResponse()).toMatchObject({ code: 'scope_missing' });
  });
});

describe('challengeFor, a GroupFinder that failed', () => {
  it.each(['group_finder_failed', 'group_finder_faulty'] as const)(
    "answers %s with 500 and no challenge: the fault is the server's",
    (code) => {
      const { header, exception } = challengeFor(code, 'api');
      expect(header).toBeUndefined();
      expect(exception.getStatus()).toBe(500);
      expect(exception.getResponse()).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        code,
        message: expect.any(String),
      });
    },
  );

  it('answers group_finder_timeout with 503 and no challenge', () => {
    const { header, exception } = challengeFor('group_finder_timeout', 'api');
    expect(header).toBeUndefined();
    expect(exception.getStatus()).toBe(503);
    expect(exception.getResponse()).toMatchObject({
      statusCode: 503,
      error: 'Service Unavailable',
      code: 'group_finder_timeout',
    });
  });
});

describe('challengeFor, cookie mode', () => {
  it('answers a request with more than one token with invalid_request and 400 (§3.1)', () => {
    const { header, exception } = challengeFor('token_ambiguous', 'api');
    expect(header).toBe(
      'Bearer realm="api", error="invalid_request", error_description="The request carries more than one access token"',
    );
    expect(exception.getStatus()).toBe(400);
    expect(exception.getResponse()).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      code: 'token_ambiguous',
    });
  });

  it.each(['csrf_missing', 'csrf_invalid'] as const)(
    'answers %s with 403 and no Bearer challenge',
    (code) => {
      const { header, exception } = challengeFor(code, 'api');
      expect(header).toBeUndefined();
      expect(exception.getStatus()).toBe(403);
      expect(exception.getResponse()).toMatchObject({ statusCode: 403, code });
    },
  );
});

describe('challengeFor, with protected resource metadata (RFC 9728 §5.1)', () => {
  const METADATA = 'https://api.example.com/.well-known/oauth-protected-resource';

  it('names the metadata in the bare challenge to a request without credentials', () => {
    expect(challengeFor('token_missing', 'api', undefined, METADATA).header).toBe(
      `Bearer realm="api", resource_metadata="${METADATA}"`,
    );
  });

  it.each(['token_expired', 'token_invalid', 'token_revoked', 'user_unknown'] as const)(
    'names it in the invalid_token challenge to %s',
    (code) => {
      expect(challengeFor(code, 'api', undefined, METADATA).header).toMatch(
        new RegExp(
          `^Bearer realm="api", error="invalid_token", error_description="[^"]+", resource_metadata="${METADATA}"$`,
        ),
      );
    },
  );

  it.each(['permission_denied', 'scope_missing', 'token_ambiguous'] as const)(
    'leaves it out of the %s challenge, which is not a 401',
    (code) => {
      expect(challengeFor(code, 'api', ['documents.read'], METADATA).header).not.toContain(
        'resource_metadata',
      );
    },
  );
});

describe('challengeFor, DPoP on (RFC 9449 §7.1, §7.2)', () => {
  const dpop = { algs: 'ES256 EdDSA', nonce: undefined };

  it('offers DPoP, with its algorithms, after a bare Bearer challenge when no token is sent', () => {
    expect(challengeFor('token_missing', 'api', undefined, undefined, dpop).header).toBe(
      'Bearer realm="api", DPoP realm="api", algs="ES256 EdDSA"',
    );
  });

  it('offers DPoP after the Bearer invalid_token challenge of a bad token', () => {
    expect(challengeFor('token_expired', 'api', undefined, undefined, dpop).header).toBe(
      'Bearer realm="api", error="invalid_token", error_description="The access token has expired", DPoP realm="api", algs="ES256 EdDSA"',
    );
  });

  it.each([
    'dpop_proof_invalid',
    'dpop_proof_replayed',
    'dpop_url_mismatch',
    'dpop_token_hash_mismatch',
  ] as const)(
    'answers %s with a DPoP invalid_dpop_proof challenge, Bearer offered after it, and 401',
    (code) => {
      const { header, exception } = challengeFor(code, 'api', undefined, undefined, dpop);
      expect(header).toMatch(
        /^DPoP realm="api", error="invalid_dpop_proof", error_description="[^"\\]+", algs="ES256 EdDSA", Bearer realm="api"$/,
      );
      expect(exception.getStatus()).toBe(401);
      expect(exception.getResponse()).toMatchObject({ statusCode: 401, code });
    },
  );

  it('answers a missing nonce with use_dpop_nonce (§9), and a key mismatch with invalid_token', () => {
    expect(challengeFor('dpop_nonce_required', 'api', undefined, undefined, dpop).header).toMatch(
      /^DPoP realm="api", error="use_dpop_nonce"/,
    );
    expect(challengeFor('dpop_key_mismatch', 'api', undefined, undefined, dpop).header).toMatch(
      /^DPoP realm="api", error="invalid_token"/,
    );
  });

  it('answers a bound token sent as Bearer in the Bearer scheme, DPoP offered, DPoP on or off', () => {
    expect(challengeFor('dpop_bound_token', 'api', undefined, undefined, dpop).header).toMatch(
      /^Bearer realm="api", error="invalid_token", error_description="[^"]+", DPoP realm="api", algs="ES256 EdDSA"$/,
    );
    expect(challengeFor('dpop_bound_token', 'api').header).toMatch(
      /^Bearer realm="api", error="invalid_token", error_description="[^"]+"$/,
    );
  });

  it('names the protected resource metadata in both schemes (RFC 9728 §5.1)', () => {
    const metadata = 'https://api.example.com/.well-known/oauth-protected-resource';
    expect(challengeFor('token_missing', 'api', undefined, metadata, dpop).header).toBe(
      `Bearer realm="api", resource_metadata="${metadata}", DPoP realm="api", algs="ES256 EdDSA"`,
    );
    expect(challengeFor('dpop_proof_replayed', 'api', undefined, metadata, dpop).header).toMatch(
      new RegExp(`algs="ES256 EdDSA", resource_metadata="${metadata}", Bearer realm="api"$`),
    );
  });

  it.each(['token_expired', 'token_invalid', 'token_revoked', 'user_unknown'] as const)(
    'answers %s of a DPoP request in the DPoP scheme, as invalid_token (§7.1)',
    (code) => {
      expect(challengeFor(code, 'api', undefined, undefined, dpop, true).header).toMatch(
        /^DPoP realm="api", error="invalid_token", error_description="[^"\\]+", algs="ES256 EdDSA", Bearer realm="api"$/,
      );
    },
  );

  it('answers a DPoP request without a token as it answers any request without credentials', () => {
    expect(challengeFor('token_missing', 'api', undefined, undefined, dpop, true).header).toBe(
      'Bearer realm="api", DPoP realm="api", algs="ES256 EdDSA"',
    );
  });

  it('leaves 403 answers as they are', () => {
    expect(challengeFor('permission_denied', 'api', undefined, undefined, dpop).header).toMatch(
      /^Bearer realm="api", error="insufficient_scope"/,
    );
  });
});
