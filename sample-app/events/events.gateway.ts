import { UseGuards } from '@nestjs/common';
import {
  MessageBody,
  type OnGatewayConnection,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type WsResponse,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import {
  Authenticated,
  AuthenticatedUserId,
  EffectivePrincipals,
  JwtAuthGuard,
  JwtClaims,
  Permission,
  Public,
} from 'nestjs-jwt-permissions';

/**
 * A socket.io gateway on the HTTP server, guarded by the same global guard with the same
 * decorators. Clients authenticate in the handshake: `io(url, { auth: { token } })` from a browser,
 * or an `Authorization: Bearer` header from Node. A refusal arrives as an `exception` event; a bad
 * or expired token ends the connection as soon as it opens. `@UseGuards` is for NestJS 11, whose
 * gateways ignore global guards; on NestJS 12 it is redundant and harmless (the identity is
 * resolved once).
 */
@UseGuards(JwtAuthGuard)
@WebSocketGateway()
export class EventsGateway implements OnGatewayConnection {
  @WebSocketServer()
  private readonly server!: Server;

  constructor(private readonly jwtAuthGuard: JwtAuthGuard) {}

  /**
   * Authenticates each socket as it connects, rather than on its first guarded message, so that a
   * socket with a bad or expired token, or of a disabled user, never hears an announcement.
   * Anonymous sockets stay: they may `ping`.
   */
  async handleConnection(client: Socket): Promise<void> {
    const { userId, anonymousReason } = await this.jwtAuthGuard.authenticateConnection(client);
    if (userId === null && anonymousReason !== 'token_missing') client.disconnect(true);
  }

  @Public()
  @SubscribeMessage('ping')
  ping(@AuthenticatedUserId() userId: string | null): WsResponse<string> {
    return { event: 'pong', data: `pong ${userId ?? 'anonymous'}` };
  }

  @Permission(Authenticated)
  @SubscribeMessage('whoami')
  whoami(
    @AuthenticatedUserId() userId: string,
    @EffectivePrincipals() principals: readonly string[],
    @JwtClaims('name') name: string | undefined,
  ): WsResponse<{ userId: string; principals: readonly string[]; name?: string }> {
    return { event: 'identity', data: { userId, principals, name } };
  }

  /** Admins only: sends `text` to every connected client. */
  @Permission('admin')
  @SubscribeMessage('announce')
  announce(@MessageBody() text: string, @JwtClaims('name') name: string | undefined): void {
    this.server.emit('announcement', { from: name, text: String(text) });
  }
}
