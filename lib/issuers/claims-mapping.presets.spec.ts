import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileClaimsMapper } from './claims-mapping.mapper';
import { resolveClaimMappings, type ClaimMapping } from './claims-mapping.options';
import {
  auth0Claims,
  cognitoClaims,
  entraIdClaims,
  keycloakClaims,
  scopeClaims,
} from './claims-mapping.presets';

function payload(provider: string): Record<string, unknown> {
  return JSON.parse(
    readFileSync(
      join(__dirname, '..', '..', 'test', 'fixtures', 'provider-tokens', `${provider}.json`),
      'utf8',
    ),
  );
}

function principals(mappings: ClaimMapping[], claims: Record<string, unknown>): readonly string[] {
  return compileClaimsMapper(resolveClaimMappings(mappings, 'claims'))(claims);
}

describe('claim mapping presets, on tokens as each provider shapes them', () => {
  it("keycloakClaims: realm roles, the listed clients' roles (a client id with a dot included) and scopes", () => {
    expect(principals(keycloakClaims({ clientIds: ['orders.api'] }), payload('keycloak'))).toEqual([
      'role:offline_access',
      'role:uma_authorization',
      'role:default-roles-acme',
      'role:admin',
      'client-role:orders.api:orders-approve',
      'client-role:orders.api:orders-read',
      'scope:openid',
      'scope:email',
      'scope:profile',
    ]);
  });

  it("keycloakClaims: no client's roles unless listed", () => {
    expect(
      principals(keycloakClaims(), payload('keycloak')).filter((p) => p.startsWith('client-role:')),
    ).toEqual([]);
  });

  it('keycloakClaims: refuses client ids that are not non-empty strings', () => {
    expect(() => keycloakClaims({ clientIds: [''] })).toThrow(
      "keycloakClaims({ clientIds }) takes the client ids whose roles to map, such as ['my-api']",
    );
    expect(() => keycloakClaims({ clientIds: 'orders.api' as unknown as string[] })).toThrow(
      'keycloakClaims({ clientIds })',
    );
  });

  it('entraIdClaims: app roles, group object ids and delegated scopes', () => {
    expect(principals(entraIdClaims(), payload('entra-id'))).toEqual([
      'role:Orders.Approve',
      'group:0b3c5d7e-9f1a-4b2c-8d3e-5f6a7b8c9d0e',
      'group:1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      'scope:Orders.Read',
      'scope:Orders.Write',
    ]);
  });

  it('entraIdClaims: an app-only token (roles, no scp) and a group overage (no groups) map what is there', () => {
    const appOnly = {
      ...payload('entra-id'),
      scp: undefined,
      groups: undefined,
      _claim_names: { groups: 'src1' },
    };
    expect(principals(entraIdClaims(), appOnly)).toEqual(['role:Orders.Approve']);
  });

  it('cognitoClaims: user pool groups and scopes, a resource server scope URL included', () => {
    expect(principals(cognitoClaims(), payload('cognito'))).toEqual([
      'group:admin',
      'group:us-east-1_Example_Google',
      'scope:aws.cognito.signin.user.admin',
      'scope:phone',
      'scope:openid',
      'scope:profile',
      'scope:email',
      'scope:https://api.example.com/orders.read',
    ]);
  });

  it('auth0Claims: permissions, scopes and the namespaced roles claim', () => {
    expect(principals(auth0Claims({ rolesClaim: 'https://example.com/roles' }), payload('auth0'))).toEqual([
      'permission:read:documents',
      'permission:write:documents',
      'scope:openid',
      'scope:profile',
      'scope:email',
      'scope:read:documents',
      'role:admin',
      'role:editor',
    ]);
  });

  it('auth0Claims: no roles without rolesClaim, and refuses an empty one', () => {
    expect(principals(auth0Claims(), payload('auth0')).some((p) => p.startsWith('role:'))).toBe(false);
    expect(() => auth0Claims({ rolesClaim: '' })).toThrow(
      "auth0Claims({ rolesClaim }) takes the namespaced claim of the roles, such as 'https://example.com/roles'",
    );
  });

  it('scopeClaims: a scope string, and an scp array as Okta sends it', () => {
    expect(principals(scopeClaims(), { scope: 'documents.read documents.write' })).toEqual([
      'scope:documents.read',
      'scope:documents.write',
    ]);
    expect(principals(scopeClaims(), { scp: ['documents.read', 'documents.write'] })).toEqual([
      'scope:documents.read',
      'scope:documents.write',
    ]);
  });

  it('maps nothing from a token of another provider, and never throws on it', () => {
    expect(principals(entraIdClaims(), payload('keycloak'))).toEqual([]);
    expect(principals(cognitoClaims(), payload('auth0')).every((p) => p.startsWith('scope:'))).toBe(true);
  });
});
