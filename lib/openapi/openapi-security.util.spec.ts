import { resolveJwtAuthOptions } from '../jwt-auth.options';
import {
  addJwtAuthToDocument,
  refusalResponsesOf,
  refusalSchema,
  securityRequirementsOf,
  securitySchemesOf,
} from './openapi-security.util';
import type { OpenApiDocument } from './openapi.interface';

const SECRET = 'x'.repeat(64);
const options = resolveJwtAuthOptions({ secret: SECRET });
const cookieOptions = resolveJwtAuthOptions({ secret: SECRET, cookie: { name: 'session' } });

const documentOf = (...operations: Array<[string, string, Record<string, unknown>]>): OpenApiDocument => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, method, operation] of operations)
    (paths[path] ??= {})[method] = { responses: { '200': {} }, ...operation };
  return { paths };
};

describe('securitySchemesOf', () => {
  it('is the bearer scheme for the Authorization header', () => {
    expect(securitySchemesOf(options)).toEqual({
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    });
  });

  it('adds the cookie and the CSRF header in cookie mode', () => {
    expect(Object.keys(securitySchemesOf(cookieOptions))).toEqual(['bearer', 'cookie', 'csrf']);
  });

  it('has no CSRF scheme when CSRF protection is off', () => {
    const noCsrf = resolveJwtAuthOptions({ secret: SECRET, cookie: { csrf: false } });
    expect(Object.keys(securitySchemesOf(noCsrf))).toEqual(['bearer', 'cookie']);
  });
});

describe('with dpop', () => {
  const dpopOptions = resolveJwtAuthOptions({ secret: SECRET, dpop: { algorithms: ['ES256', 'EdDSA'] } });

  it('declares the DPoP http scheme (RFC 9449) beside bearer', () => {
    expect(securitySchemesOf(dpopOptions)).toEqual({
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      dpop: { type: 'http', scheme: 'DPoP', description: expect.stringContaining('ES256, EdDSA') },
    });
  });

  it('lets either scheme satisfy a route: two requirement objects', () => {
    expect(securityRequirementsOf(dpopOptions, 'get')).toEqual([{ bearer: [] }, { dpop: [] }]);
  });

  it('lists DPoP after bearer and before the cookie', () => {
    const options = resolveJwtAuthOptions({ secret: SECRET, cookie: {}, dpop: true });
    expect(securityRequirementsOf(options, 'post')).toEqual([
      { bearer: [] },
      { dpop: [] },
      { cookie: [], csrf: [] },
    ]);
  });

  it('lists the DPoP refusal codes in the 401, and its DPoP-Nonce header only with nonces', () => {
    const plain = refusalResponsesOf(dpopOptions)['401'] as { description: string; headers: object };
    expect(plain.description).toContain('dpop_proof_invalid');
    expect(Object.keys(plain.headers)).toEqual(['WWW-Authenticate']);
    const withNonce = refusalResponsesOf(resolveJwtAuthOptions({ secret: SECRET, dpop: { nonce: true } }))[
      '401'
    ] as { headers: object };
    expect(Object.keys(withNonce.headers)).toEqual(['WWW-Authenticate', 'DPoP-Nonce']);
  });

  it('leaves the 401 as it was without dpop', () => {
    expect((refusalResponsesOf(options)['401'] as { description: string }).description).not.toContain('dpop');
  });
});

describe('securityRequirementsOf', () => {
  it.each(['get', 'head', 'options'])('asks no CSRF header of a cookie on %s', (method) => {
    expect(securityRequirementsOf(cookieOptions, method)).toEqual([{ bearer: [] }, { cookie: [] }]);
  });

  it.each(['post', 'put', 'patch', 'delete'])('asks the CSRF header with a cookie on %s', (method) => {
    expect(securityRequirementsOf(cookieOptions, method)).toEqual([{ bearer: [] }, { cookie: [], csrf: [] }]);
  });
});

describe('refusalSchema', () => {
  it('lists every refusal code', () => {
    expect((refusalSchema().properties as any).code.enum).toEqual(
      expect.arrayContaining([
        'token_missing',
        'token_expired',
        'token_invalid',
        'user_unknown',
        'permission_denied',
      ]),
    );
  });
});

describe('addJwtAuthToDocument', () => {
  it('adds nothing to components when no route is guarded', () => {
    const document = addJwtAuthToDocument(
      documentOf(['/a', 'get', { mark: 'public' }]),
      options,
      () => 'public',
    );
    expect(document.components).toBeUndefined();
  });

  it('leaves an operation whose route it does not know as it is', () => {
    const document = addJwtAuthToDocument(documentOf(['/a', 'get', {}]), options, () => undefined);
    expect(document.paths!['/a'].get).toEqual({ responses: { '200': {} } });
  });

  it('skips the path item fields that are not operations', () => {
    const document = documentOf(['/a', 'get', {}]);
    document.paths!['/a'].parameters = [{ name: 'id' }];
    addJwtAuthToDocument(document, options, () => 'guarded');
    expect(document.paths!['/a'].parameters).toEqual([{ name: 'id' }]);
  });

  it("keeps the application's schema of the same name", () => {
    const document = documentOf(['/a', 'get', {}]);
    document.components = { schemas: { JwtAuthRefusal: { type: 'string' } } };
    addJwtAuthToDocument(document, options, () => 'guarded');
    expect(document.components.schemas!.JwtAuthRefusal).toEqual({ type: 'string' });
  });
});
