import { Authenticated, Everyone, GroupFinder } from 'nestjs-jwt-permissions';
import type { TestGroupFinder } from '../support/transport-test-kit';
import { TITLED_PLATFORMS } from '../support/platforms';
import { SOCKET_ADAPTERS, useSocketApp } from './socket-app';

const refusal = (code: string, message: string) => ({ status: 'error', code, message });

describe.each(TITLED_PLATFORMS)('WebSockets over %s', (_, platform) => {
  describe.each(SOCKET_ADAPTERS)('with the $name adapter', (socketAdapter) => {
    const server = useSocketApp({ platform, socketAdapter });
    const { connect, clock } = server;

    it('refuses a message that needs a user when the handshake has no token, and keeps the socket open', async () => {
      const socket = await connect();
      socket.send('whoami');
      expect(await socket.next('exception')).toEqual(
        refusal('token_missing', 'No access token was provided'),
      );
      socket.send('greeting');
      expect(await socket.next('greeting')).toBe('hello anonymous');
    });

    it('refuses a forged token with an exception event, then disconnects the socket', async () => {
      const socket = await connect(server.tokens.forged);
      socket.send('whoami');
      expect(await socket.next('exception')).toEqual(refusal('token_invalid', 'The access token is invalid'));
      expect(await socket.closed).toEqual(socketAdapter.closedForBadCredentials('token_invalid'));
    });

    it('refuses an expired token with an exception event, then disconnects the socket', async () => {
      const socket = await connect(server.tokens.expired);
      socket.send('whoami');
      expect(await socket.next('exception')).toEqual(
        refusal('token_expired', 'The access token has expired'),
      );
      expect(await socket.closed).toEqual(socketAdapter.closedForBadCredentials('token_expired'));
    });

    it('refuses the valid token of a user the GroupFinder refuses, then disconnects the socket', async () => {
      const socket = await connect(server.tokens.carol);
      socket.send('whoami');
      expect(await socket.next('exception')).toMatchObject({ status: 'error', code: 'user_unknown' });
      expect(await socket.closed).toEqual(socketAdapter.closedForBadCredentials('user_unknown'));
    });

    it('refuses a message when the GroupFinder fails, keeps the socket open, and asks it again on the next message', async () => {
      const finder = server.app.get<GroupFinder, TestGroupFinder>(GroupFinder);
      const socket = await connect(server.tokens.failing);
      socket.send('whoami');
      expect(await socket.next('exception')).toEqual(
        refusal('group_finder_failed', 'The server could not look up the groups of the user'),
      );
      const before = finder.calls.length;
      socket.send('greeting');
      expect(await socket.next('greeting')).toBe('hello anonymous');
      expect(finder.calls.length).toBe(before + 1);
    });

    it('refuses a message when the GroupFinder does not answer in time (group_finder_timeout)', async () => {
      const socket = await connect(server.tokens.stalled);
      socket.send('whoami');
      expect(await socket.next('exception')).toMatchObject({ status: 'error', code: 'group_finder_timeout' });
    });

    it('refuses a message that needs a permission the user lacks, and keeps the socket open', async () => {
      const socket = await connect(server.tokens.bob);
      socket.send('broadcast', 'hi');
      expect(await socket.next('exception')).toEqual(
        refusal('permission_denied', 'The access token does not grant the permission this request needs'),
      );
      socket.send('whoami');
      expect(await socket.next('identity')).toMatchObject({ userId: 'bob' });
    });

    it('runs a message that needs a permission for a user with it', async () => {
      const socket = await connect(server.tokens.alice);
      socket.send('broadcast', 'hi');
      expect(await socket.next('broadcasted')).toBe('alice: hi');
    });

    it('hands the claims, the user id and the principals to the handler through the decorators', async () => {
      const socket = await connect(server.tokens.alice);
      socket.send('whoami');
      expect(await socket.next('identity')).toEqual({
        userId: 'alice',
        principals: [Everyone, Authenticated, 'user:alice', 'admin'],
        name: 'Alice',
      });
    });

    it(`reads the token a browser sends in the handshake ${socketAdapter.browserPlacement}`, async () => {
      const socket = await connect(server.tokens.alice, socketAdapter.browserPlacement);
      socket.send('whoami');
      expect(await socket.next('identity')).toMatchObject({ userId: 'alice' });
    });

    it('lets a public message through as anonymous with a bad token, without disconnecting', async () => {
      const socket = await connect(server.tokens.forged);
      socket.send('greeting');
      expect(await socket.next('greeting')).toBe('hello anonymous');
      socket.send('greeting');
      expect(await socket.next('greeting')).toBe('hello anonymous');
    });

    it('turns a connection anonymous once its token expires, then disconnects it', async () => {
      const socket = await connect(server.tokens.alice);
      socket.send('whoami');
      expect(await socket.next('identity')).toMatchObject({ userId: 'alice' });
      clock.advance(3600);
      try {
        socket.send('whoami');
        expect(await socket.next('exception')).toEqual(
          refusal('token_expired', 'The access token has expired'),
        );
      } finally {
        clock.advance(-3600);
      }
      expect(await socket.closed).toEqual(socketAdapter.closedForBadCredentials('token_expired'));
    });
  });
});
