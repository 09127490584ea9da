import { resolveJwtAuthOptions } from '../jwt-auth.options';
import type { JwtCookieOptions } from './cookie-auth.options';

const resolve = (cookie: JwtCookieOptions) =>
  resolveJwtAuthOptions({ secret: 's'.repeat(64), cookie }).cookie!;

describe('cookie.refreshPath', () => {
  it('scopes an HttpOnly refresh cookie to the refresh route', () => {
    expect(resolve({ refreshPath: '/auth/refresh' }).refresh).toEqual({
      name: 'Refresh-Token',
      attributes: '; Path=/auth/refresh; Secure; HttpOnly; SameSite=Lax',
    });
  });

  it('sets no refresh cookie without it', () => {
    expect(resolve({}).refresh).toBeUndefined();
  });

  it.each([
    [{ refreshName: 'R' }, /"cookie.refreshName" needs "cookie.refreshPath"/],
    [{ refreshPath: 'auth/refresh' }, /"cookie.refreshPath" must be the refresh route's path/],
    [{ refreshPath: '/r', refreshName: 'a;b' }, /"cookie.refreshName" must be a cookie name/],
    [{ refreshPath: '/r', refreshName: 'Authorization' }, /must differ from "cookie.name"/],
    [{ refreshPath: '/r', refreshName: '__Host-Refresh' }, /__Host- prefix, which needs "cookie.path": '\/'/],
  ])('refuses %p at start-up', (cookie, message) => {
    expect(() => resolve(cookie as JwtCookieOptions)).toThrow(message);
  });
});
