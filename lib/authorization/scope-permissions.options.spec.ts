import { Allow } from './acl.constants';
import { NO_SCOPE_PERMISSIONS, resolveScopePermissions } from './scope-permissions.options';

describe('scopePermissions', () => {
  it('is empty when not set', () => {
    expect(resolveScopePermissions(undefined)).toBe(NO_SCOPE_PERMISSIONS);
    expect(resolveScopePermissions({})).toBe(NO_SCOPE_PERMISSIONS);
  });

  it('compiles each scope to one root ACE for its principal, in the order given', () => {
    const resolved = resolveScopePermissions({
      'documents.write': ['view', 'edit', 'view'],
      'documents.read': 'view',
    });
    expect(resolved.scopes).toEqual(['documents.write', 'documents.read']);
    expect(resolved.aces).toEqual([
      [Allow, 'scope:documents.write', ['view', 'edit']],
      [Allow, 'scope:documents.read', ['view']],
    ]);
  });

  it('indexes the scopes, and their principals, that grant each permission', () => {
    const resolved = resolveScopePermissions({
      'documents.read': 'view',
      'documents.write': ['view', 'edit'],
    });
    expect(resolved.scopesByPermission.get('view')).toEqual(['documents.read', 'documents.write']);
    expect(resolved.scopesByPermission.get('edit')).toEqual(['documents.write']);
    expect(resolved.principalsByPermission.get('edit')).toEqual(['scope:documents.write']);
    expect(resolved.scopesByPermission.has('delete')).toBe(false);
  });

  it.each([[null], [[]], ['documents.read'], [42]])('refuses %p, which maps nothing', (option) => {
    expect(() => resolveScopePermissions(option)).toThrow(
      `JwtAuthModule: "scopePermissions" must map scope names to permissions, as in { 'documents.read': 'view', 'documents.write': ['view', 'edit'] }.`,
    );
  });

  it.each(['two words', 'with"quote', 'back\\slash'])(
    'refuses the scope name %p, which a challenge could not name',
    (scope) => {
      expect(() => resolveScopePermissions({ [scope]: 'view' })).toThrow(
        `"scopePermissions" names the scope ${JSON.stringify(scope)}: a scope is printable ASCII without spaces`,
      );
    },
  );

  it.each([[''], [[]], [['view', '']], [42], [{ view: true }]])(
    'refuses the permissions %p',
    (permissions) => {
      expect(() => resolveScopePermissions({ 'documents.read': permissions })).toThrow(
        `"scopePermissions" maps the scope "documents.read" to ${JSON.stringify(permissions)}: give a permission name or a non-empty array of them`,
      );
    },
  );

  it.each(['Authenticated', 'system.Everyone'])(
    'refuses to grant the system permission %p by a scope',
    (permission) => {
      expect(() => resolveScopePermissions({ 'documents.read': ['view', permission] })).toThrow(
        'which the guard decides from the token alone',
      );
    },
  );
});
