import type { ModuleRef } from '@nestjs/core';
import { keycloakClaims } from '../issuers/claims-mapping.presets';
import { Authenticated, Everyone } from '../jwt-auth.constants';
import { resolveJwtAuthOptions } from '../jwt-auth.options';
import type { GroupFinder } from './group-finder.interface';
import { PrincipalsService } from './principals.service';
import { userPrincipal } from './user-principal.util';

const KEYCLOAK = 'https://sso.example.com/realms/acme';
const options = resolveJwtAuthOptions({
  secret: 'a-shared-secret-of-at-least-64-bytes-for-hs512-0123456789abcdefghijk',
  issuers: [
    { issuer: KEYCLOAK, audience: 'orders-api', claims: keycloakClaims({ clientIds: ['orders-api'] }) },
    { issuer: 'https://plain.example.com/', audience: 'orders-api' },
  ],
});
const keycloakToken = {
  sub: 'alice',
  iss: KEYCLOAK,
  realm_access: { roles: ['admin'] },
  resource_access: { 'orders-api': { roles: ['approve'] } },
  scope: 'openid documents.read',
};

function serviceWith(findGroups?: GroupFinder['findGroups']): PrincipalsService {
  return new PrincipalsService({} as ModuleRef, options, findGroups ? { findGroups } : undefined);
}

describe("PrincipalsService and the claim mappings of the token's issuer", () => {
  it("adds the mapped principals after the GroupFinder's groups", async () => {
    const identity = await serviceWith(() => ['staff']).resolve(keycloakToken, {});
    expect(identity.principals).toEqual([
      Everyone,
      Authenticated,
      userPrincipal('alice'),
      'staff',
      'role:admin',
      'client-role:orders-api:approve',
      'scope:openid',
      'scope:documents.read',
    ]);
  });

  it('adds them after the groups of a GroupFinder that answers with a promise', async () => {
    const identity = await serviceWith(async () => ['staff']).resolve(keycloakToken, {});
    expect(identity.principals).toEqual([
      Everyone,
      Authenticated,
      userPrincipal('alice'),
      'staff',
      'role:admin',
      'client-role:orders-api:approve',
      'scope:openid',
      'scope:documents.read',
    ]);
  });

  it('adds them without a GroupFinder', async () => {
    const identity = await serviceWith().resolve(keycloakToken, {});
    expect(identity.principals.slice(3)).toEqual([
      'role:admin',
      'client-role:orders-api:approve',
      'scope:openid',
      'scope:documents.read',
    ]);
  });

  it('lets the GroupFinder refuse the user: mapped principals only add to a user it knows', async () => {
    const identity = await serviceWith(() => null).resolve(keycloakToken, {});
    expect(identity).toMatchObject({ userId: null, principals: [Everyone], anonymousReason: 'user_unknown' });
  });

  it("never gives a token whose sub is a mapped principal's name that principal: the user's is user:<sub>", async () => {
    const identity = await serviceWith(() => []).resolve({ sub: 'role:admin', iss: KEYCLOAK }, {});
    expect(identity.principals).toEqual([Everyone, Authenticated, 'user:role:admin']);
    expect(identity.principals).not.toContain('role:admin');
  });

  it("maps nothing for an issuer without mappings, nor for the module's own tokens", async () => {
    const service = serviceWith(() => []);
    expect(
      (await service.resolve({ ...keycloakToken, iss: 'https://plain.example.com/' }, {})).principals,
    ).toEqual([Everyone, Authenticated, userPrincipal('alice')]);
    expect((await service.resolve({ ...keycloakToken, iss: undefined }, {})).principals).toEqual([
      Everyone,
      Authenticated,
      userPrincipal('alice'),
    ]);
  });

  describe('with scopePermissions', () => {
    const scoped = (extra: object = {}) =>
      new PrincipalsService(
        {} as ModuleRef,
        resolveJwtAuthOptions({
          secret: 'a-shared-secret-of-at-least-64-bytes-for-hs512-0123456789abcdefghijk',
          scopePermissions: { 'documents.read': 'view', 'documents.write': 'edit' },
          ...extra,
        }),
        { findGroups: () => ['staff'] },
      );

    it('adds scope:<name> for each scope of the token it names, from scope and scp, after the groups', async () => {
      const identity = await scoped().resolve(
        { sub: 'alice', scope: 'openid documents.read', scp: ['documents.write'] },
        {},
      );
      expect(identity.principals).toEqual([
        Everyone,
        Authenticated,
        userPrincipal('alice'),
        'staff',
        'scope:documents.read',
        'scope:documents.write',
      ]);
    });

    it('adds no principal twice when a claim mapping already gave it', async () => {
      const identity = await scoped({
        issuers: [{ issuer: KEYCLOAK, audience: 'orders-api', claims: keycloakClaims() }],
      }).resolve(keycloakToken, {});
      expect(identity.principals.filter((p) => p === 'scope:documents.read')).toHaveLength(1);
    });
  });
});
