import { resolveJwtAuthOptions } from '../jwt-auth.options';
import {
  addJwtAuthToDocument,
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
