import { resolveJwtAuthOptions } from '../jwt-auth.options';

const SECRET = 's'.repeat(64);

describe('the logRouteReport option', () => {
  it('is off by default', () => {
    expect(resolveJwtAuthOptions({ secret: SECRET }).logRouteReport).toBe(false);
  });

  it('is kept when true', () => {
    expect(resolveJwtAuthOptions({ secret: SECRET, logRouteReport: true }).logRouteReport).toBe(true);
  });

  it('fails on anything but a boolean, saying what it must be', () => {
    expect(() => resolveJwtAuthOptions({ secret: SECRET, logRouteReport: 'yes' as never })).toThrow(
      'JwtAuthModule: "logRouteReport" must be true or false; got "yes".',
    );
  });
});
