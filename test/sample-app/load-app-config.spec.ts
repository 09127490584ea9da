import { loadAppConfig } from '../../sample-app/config/load-app-config';

describe('the sample app configuration (loadAppConfig)', () => {
  const silent = () => ({ warn: jest.fn() });

  it('listens on port 3000 and issues one-hour tokens by default', () => {
    const config = loadAppConfig({ JWT_SECRET: 's'.repeat(64) }, silent());
    expect(config.port).toBe(3000);
    expect(config.jwt.expiration).toBe(3600);
    expect(config.jwt.algorithm).toBeUndefined();
  });

  it('reads PORT, JWT_SECRET, JWT_ALGORITHM and JWT_EXPIRATION', () => {
    const config = loadAppConfig(
      { PORT: '8080', JWT_SECRET: 'k'.repeat(32), JWT_ALGORITHM: 'HS256', JWT_EXPIRATION: '900' },
      silent(),
    );
    expect(config).toEqual({
      port: 8080,
      jwt: { secret: 'k'.repeat(32), algorithm: 'HS256', expiration: 900 },
      oidc: undefined,
      sessions: { reuseGracePeriod: undefined, redisUrl: undefined },
    });
  });

  it('reads REFRESH_GRACE_SECONDS and REDIS_URL', () => {
    const config = loadAppConfig(
      { JWT_SECRET: 'k'.repeat(32), REFRESH_GRACE_SECONDS: '0', REDIS_URL: 'redis://127.0.0.1:6380/2' },
      silent(),
    );
    expect(config.sessions).toEqual({ reuseGracePeriod: 0, redisUrl: 'redis://127.0.0.1:6380/2' });
  });

  it.each(['-1', 'soon'])('refuses REFRESH_GRACE_SECONDS=%s', (value) => {
    expect(() =>
      loadAppConfig({ JWT_SECRET: 'k'.repeat(32), REFRESH_GRACE_SECONDS: value }, silent()),
    ).toThrow(/REFRESH_GRACE_SECONDS must be a number of seconds, 0 or more/);
  });

  describe('an OpenID provider', () => {
    const SECRET = { JWT_SECRET: 'k'.repeat(32) };

    it('reads OIDC_ISSUER and OIDC_AUDIENCE, mapping scopes by default', () => {
      const config = loadAppConfig(
        { ...SECRET, OIDC_ISSUER: 'https://sso.example.com/realms/acme', OIDC_AUDIENCE: 'sample-api' },
        silent(),
      );
      expect(config.oidc).toEqual({
        issuer: 'https://sso.example.com/realms/acme',
        audience: 'sample-api',
        claims: 'scope',
      });
    });

    it('reads the preset of OIDC_CLAIMS', () => {
      const env = { ...SECRET, OIDC_ISSUER: 'https://a.example.com/', OIDC_AUDIENCE: 'api' };
      expect(loadAppConfig({ ...env, OIDC_CLAIMS: 'keycloak' }, silent()).oidc?.claims).toBe('keycloak');
    });

    it('refuses OIDC_ISSUER without OIDC_AUDIENCE', () => {
      expect(() => loadAppConfig({ ...SECRET, OIDC_ISSUER: 'https://a.example.com/' }, silent())).toThrow(
        /^OIDC_ISSUER is set without OIDC_AUDIENCE/,
      );
    });

    it('refuses OIDC_AUDIENCE without OIDC_ISSUER', () => {
      expect(() => loadAppConfig({ ...SECRET, OIDC_AUDIENCE: 'api' }, silent())).toThrow(/need OIDC_ISSUER/);
    });

    it('refuses an unknown OIDC_CLAIMS preset, listing the known ones', () => {
      const env = {
        ...SECRET,
        OIDC_ISSUER: 'https://a.example.com/',
        OIDC_AUDIENCE: 'api',
        OIDC_CLAIMS: 'okta',
      };
      expect(() => loadAppConfig(env, silent())).toThrow(
        'OIDC_CLAIMS must be one of scope, keycloak, entra-id, cognito, auth0; got "okta".',
      );
    });
  });

  it('generates a random 64-byte secret when JWT_SECRET is not set', () => {
    const first = loadAppConfig({}, silent()).jwt.secret;
    const second = loadAppConfig({}, silent()).jwt.secret;
    expect(Buffer.isBuffer(first) && first.length).toBe(64);
    expect(first).not.toEqual(second);
  });

  it('warns that tokens will not survive a restart when it generates the secret', () => {
    const logger = silent();
    loadAppConfig({}, logger);
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('will not survive a restart'));
  });

  it('does not warn when JWT_SECRET is set', () => {
    const logger = silent();
    loadAppConfig({ JWT_SECRET: 's'.repeat(64) }, logger);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it.each(['0', '-5', 'soon', 'Infinity'])('refuses JWT_EXPIRATION=%s, naming the variable', (value) => {
    expect(() => loadAppConfig({ JWT_EXPIRATION: value }, silent())).toThrow(
      /^JWT_EXPIRATION must be a positive number/,
    );
  });

  it.each(['65536', '80.5', 'http'])('refuses PORT=%s, naming the variable', (value) => {
    expect(() => loadAppConfig({ PORT: value }, silent())).toThrow(/^PORT must be a TCP port number/);
  });

  it('reads JWT_PRIVATE_KEY, turning escaped newlines back into a PEM, and signs with RS256 by default', () => {
    const logger = silent();
    const config = loadAppConfig(
      { JWT_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nMC4=\\n-----END PRIVATE KEY-----' },
      logger,
    );
    expect(config.jwt).toMatchObject({
      privateKey: '-----BEGIN PRIVATE KEY-----\nMC4=\n-----END PRIVATE KEY-----',
      algorithm: 'RS256',
      secret: undefined,
    });
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('takes JWT_ALGORITHM=EdDSA with a key pair', () => {
    const config = loadAppConfig(
      { JWT_PRIVATE_KEY: 'PRIVATE', JWT_PUBLIC_KEY: 'PUBLIC', JWT_ALGORITHM: 'EdDSA' },
      silent(),
    );
    expect(config.jwt).toMatchObject({ privateKey: 'PRIVATE', publicKey: 'PUBLIC', algorithm: 'EdDSA' });
  });

  it('refuses JWT_PUBLIC_KEY alone: the sample issues tokens', () => {
    expect(() => loadAppConfig({ JWT_PUBLIC_KEY: 'PUBLIC' }, silent())).toThrow(/needs the private key too/);
  });
});
