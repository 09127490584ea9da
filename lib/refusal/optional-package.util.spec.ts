import { loadOptionalPackage } from './optional-package.util';

describe('loadOptionalPackage', () => {
  it('loads an installed package', () => {
    expect(loadOptionalPackage<typeof import('graphql')>('graphql', 'test').GraphQLError).toEqual(
      expect.any(Function),
    );
  });

  it('says which package to install when it is missing', () => {
    expect(() => loadOptionalPackage('nestjs-jwt-permissions-not-installed', 'Refusing a test call')).toThrow(
      'nestjs-jwt-permissions: Refusing a test call needs the package "nestjs-jwt-permissions-not-installed"; install it next to nestjs-jwt-permissions.',
    );
  });
});
