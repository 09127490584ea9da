import type { ResolvedJwtAuthOptions } from '../jwt-auth.options';
import { needsCsrfProof } from '../cookies/csrf-token.util';
import { REFUSAL_MESSAGES } from '../refusal/refusal.constants';
import type { CallRefusalCode, DpopRefusalCode } from '../refusal/refusal-code.interface';
import { DPOP_REFUSAL_MESSAGES } from '../dpop/dpop-refusal.constants';
import type { OpenApiDocument, OpenApiOperation, RouteAccess } from './openapi.interface';

/** The name of the refusal body's schema in `components.schemas`. */
export const REFUSAL_SCHEMA_NAME = 'JwtAuthRefusal';

// Security scheme names, as `DocumentBuilder.addBearerAuth()` and `addCookieAuth()` name theirs.
const BEARER = 'bearer';
const HEADER = 'jwt';
const COOKIE = 'cookie';
const CSRF = 'csrf';
const DPOP = 'dpop';
const HTTP_METHODS = new Set([
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
  'search',
  'query',
]);

const UNAUTHORIZED_CODES: readonly CallRefusalCode[] = [
  'token_missing',
  'token_invalid',
  'token_expired',
  'user_unknown',
];

// The DPoP refusals, all 401 (see DPOP_REFUSAL_MESSAGES).
const DPOP_CODES = Object.keys(DPOP_REFUSAL_MESSAGES) as DpopRefusalCode[];

/**
 * The security schemes the guard accepts: the header's; with `dpop`, DPoP's (RFC 9449, in the IANA
 * HTTP Authentication Scheme registry, so an OpenAPI `http` scheme); and in cookie mode the
 * cookie's (and CSRF header's).
 */
export function securitySchemesOf(options: ResolvedJwtAuthOptions): Record<string, unknown> {
  const schemes: Record<string, unknown> =
    options.httpHeader === 'authorization'
      ? { [BEARER]: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } }
      : { [HEADER]: { type: 'apiKey', in: 'header', name: options.httpHeader } };
  if (options.dpop !== undefined) {
    schemes[DPOP] = {
      type: 'http',
      scheme: 'DPoP',
      description: `A DPoP-bound access token (Authorization: DPoP <token>) with a proof of its key in the DPoP header, signed with ${options.dpop.algorithms.join(', ')} (RFC 9449).`,
    };
  }
  if (options.cookie !== undefined) {
    schemes[COOKIE] = { type: 'apiKey', in: 'cookie', name: options.cookie.name };
    if (options.cookie.csrf !== undefined) {
      schemes[CSRF] = { type: 'apiKey', in: 'header', name: options.cookie.csrf.headerName };
    }
  }
  return schemes;
}

/**
 * The operation's `security`: the header's token, or with `dpop` a DPoP-bound one, or in cookie
 * mode the cookie's (with the CSRF header on a method that needs its proof). Any one requirement of
 * the list suffices.
 */
export function securityRequirementsOf(
  options: ResolvedJwtAuthOptions,
  method: string,
): Array<Record<string, string[]>> {
  const requirements: Array<Record<string, string[]>> = [
    { [options.httpHeader === 'authorization' ? BEARER : HEADER]: [] },
  ];
  if (options.dpop !== undefined) requirements.push({ [DPOP]: [] });
  if (options.cookie !== undefined) {
    requirements.push(
      options.cookie.csrf !== undefined && needsCsrfProof(method)
        ? { [COOKIE]: [], [CSRF]: [] }
        : { [COOKIE]: [] },
    );
  }
  return requirements;
}

/** The JSON body of every HTTP refusal, as `components.schemas.JwtAuthRefusal`. */
export function refusalSchema(): Record<string, unknown> {
  return {
    type: 'object',
    description: 'Why the request was refused.',
    required: ['statusCode', 'error', 'code', 'message'],
    properties: {
      statusCode: { type: 'integer', example: 401 },
      error: { type: 'string', example: 'Unauthorized' },
      code: { type: 'string', enum: Object.keys(REFUSAL_MESSAGES), example: 'token_missing' },
      message: { type: 'string', example: REFUSAL_MESSAGES.token_missing },
    },
  };
}

/** The 401 and 403 answers of a guarded route, with the refusal body and the challenge header. */
export function refusalResponsesOf(options: ResolvedJwtAuthOptions): Record<'401' | '403', unknown> {
  const body = { 'application/json': { schema: { $ref: `#/components/schemas/${REFUSAL_SCHEMA_NAME}` } } };
  const challenge = {
    'WWW-Authenticate': { description: 'The Bearer challenge (RFC 6750 §3).', schema: { type: 'string' } },
  };
  const forbidden = ['permission_denied', ...(options.cookie?.csrf ? ['csrf_missing', 'csrf_invalid'] : [])];
  const dpop = options.dpop;
  const unauthorized = dpop === undefined ? UNAUTHORIZED_CODES : [...UNAUTHORIZED_CODES, ...DPOP_CODES];
  const unauthorizedHeaders =
    dpop === undefined
      ? challenge
      : {
          'WWW-Authenticate': {
            description: `The Bearer and DPoP challenges (RFC 6750 §3, RFC 9449 §7.1; algs="${dpop.algs}").`,
            schema: { type: 'string' },
          },
          ...(dpop.nonce === undefined
            ? {}
            : {
                'DPoP-Nonce': {
                  description: 'The nonce the next DPoP proof must carry, with use_dpop_nonce (RFC 9449 §9).',
                  schema: { type: 'string' },
                },
              }),
        };
  return {
    '401': {
      description: `No valid access token (code: ${unauthorized.join(', ')}).`,
      headers: unauthorizedHeaders,
      content: body,
    },
    '403': {
      description: `The access token does not grant the permission this route needs (code: ${forbidden.join(', ')}).`,
      headers: challenge,
      content: body,
    },
  };
}

/**
 * Adds what the guard does to an OpenAPI document, in place: the security schemes and the refusal
 * schema in `components`, and on each operation whose route `accessOf` knows, a security requirement
 * and the 401 / 403 answers (guarded), or none (public). What the document already says is kept: a
 * scheme, a response or a `security` set by the application's own decorators or `DocumentBuilder`.
 */
export function addJwtAuthToDocument(
  document: OpenApiDocument,
  options: ResolvedJwtAuthOptions,
  accessOf: (operation: OpenApiOperation) => RouteAccess | undefined,
): OpenApiDocument {
  let guarded = 0;
  const responses = refusalResponsesOf(options);
  for (const pathItem of Object.values(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(pathItem)) {
      if (!HTTP_METHODS.has(method) || typeof operation !== 'object' || operation === null) continue;
      const op = operation as OpenApiOperation;
      const access = accessOf(op);
      if (access === 'public') {
        // An empty list lifts a document-wide requirement; without one, saying nothing is clearer.
        if (op.security === undefined && document.security !== undefined) op.security = [];
      } else if (access === 'guarded') {
        guarded++;
        op.security ??= securityRequirementsOf(options, method);
        op.responses = { ...responses, ...op.responses };
      }
    }
  }
  if (guarded > 0) {
    const components = (document.components ??= {});
    components.securitySchemes = { ...securitySchemesOf(options), ...components.securitySchemes };
    components.schemas = { [REFUSAL_SCHEMA_NAME]: refusalSchema(), ...components.schemas };
  }
  return document;
}
