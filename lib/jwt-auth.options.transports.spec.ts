import { resolveJwtAuthOptions } from './jwt-auth.options';

const SECRET = 'x'.repeat(64);

describe('resolveJwtAuthOptions: where non-HTTP transports carry the token', () => {
  it("defaults to socket.io's auth.token, no query parameter and the RPC field access_token", () => {
    const options = resolveJwtAuthOptions({ secret: SECRET });
    expect(options).toMatchObject({
      wsAuthField: 'token',
      wsQueryParam: undefined,
      rpcTokenField: 'access_token',
    });
  });

  it('takes the field names given', () => {
    const options = resolveJwtAuthOptions({
      secret: SECRET,
      wsAuthField: 'jwt',
      wsQueryParam: 'access_token',
      rpcTokenField: 'jwt',
    });
    expect(options).toMatchObject({ wsAuthField: 'jwt', wsQueryParam: 'access_token', rpcTokenField: 'jwt' });
  });

  it('disables a source set to false', () => {
    const options = resolveJwtAuthOptions({
      secret: SECRET,
      wsAuthField: false,
      wsQueryParam: false,
      rpcTokenField: false,
    });
    expect(options).toMatchObject({
      wsAuthField: undefined,
      wsQueryParam: undefined,
      rpcTokenField: undefined,
    });
  });

  it.each(['wsAuthField', 'wsQueryParam', 'rpcTokenField'])(
    'refuses an empty %s, saying how to fix it',
    (name) => {
      expect(() => resolveJwtAuthOptions({ secret: SECRET, [name]: '' })).toThrow(
        `JwtAuthModule: "${name}" must be a field name, or false to disable it; got "".`,
      );
    },
  );

  it.each(['wsAuthField', 'wsQueryParam', 'rpcTokenField'])('refuses a %s that is not a string', (name) => {
    expect(() => resolveJwtAuthOptions({ secret: SECRET, [name]: true })).toThrow(/must be a field name/);
  });
});
