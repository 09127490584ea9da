import { Authenticated } from '../jwt-auth.constants';
import { resolveGraphqlWsAuthOptions } from './graphql-ws-auth.options';

describe('resolveGraphqlWsAuthOptions', () => {
  it('refuses anonymous connections and needs no connection permission by default', () => {
    expect(resolveGraphqlWsAuthOptions(undefined)).toEqual({
      allowAnonymous: false,
      connectionPermission: undefined,
    });
    expect(resolveGraphqlWsAuthOptions({})).toEqual({
      allowAnonymous: false,
      connectionPermission: undefined,
    });
  });

  it('keeps the options given, reading "Authenticated" as the system principal', () => {
    expect(
      resolveGraphqlWsAuthOptions({ allowAnonymous: true, connectionPermission: 'Authenticated' }),
    ).toEqual({
      allowAnonymous: true,
      connectionPermission: Authenticated,
    });
  });

  it('refuses an unknown option, naming the known ones', () => {
    expect(() => resolveGraphqlWsAuthOptions({ permission: 'admin' } as never)).toThrow(
      'GraphqlWsAuthService.hooks(): unknown option "permission"; the options are allowAnonymous and connectionPermission.',
    );
  });

  it('refuses an allowAnonymous that is not a boolean', () => {
    expect(() => resolveGraphqlWsAuthOptions({ allowAnonymous: 'yes' } as never)).toThrow(
      '"allowAnonymous" must be true or false',
    );
  });

  it('refuses an empty connectionPermission, saying to omit it', () => {
    expect(() => resolveGraphqlWsAuthOptions({ connectionPermission: '' })).toThrow('Omit it to need none.');
  });

  it('refuses options that are not an object', () => {
    expect(() => resolveGraphqlWsAuthOptions('admin' as never)).toThrow(
      'the options must be an object, or omitted.',
    );
  });
});
