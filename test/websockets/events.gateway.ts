import { UseGuards } from '@nestjs/common';
import {
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type WsResponse,
} from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import {
  AuthenticatedUserId,
  EffectivePrincipals,
  JwtAuthGuard,
  JwtClaims,
  Permission,
  Public,
  rememberHandshake,
} from 'nestjs-jwt-permissions';

/** What `whoami` answers: the identity as the parameter decorators see it. */
export interface IdentityMessage {
  userId: string | null;
  principals: readonly string[];
  name: unknown;
}

/**
 * Messages with each permission the spec exercises, on whichever adapter the application uses.
 * `@UseGuards` because NestJS 11 gateways ignore global guards (NestJS 12 applies them: the guard
 * then runs twice and resolves the identity once).
 */
@UseGuards(JwtAuthGuard)
@WebSocketGateway()
export class EventsGateway implements OnGatewayConnection {
  /** `ws` hands the upgrade request only to this hook; socket.io sockets keep their handshake. */
  handleConnection(client: object, request?: IncomingMessage): void {
    if (request) rememberHandshake(client, request);
  }

  /** Needs a user (the default permission); reads the identity through the three decorators. */
  @SubscribeMessage('whoami')
  whoami(
    @AuthenticatedUserId() userId: string | null,
    @EffectivePrincipals() principals: readonly string[],
    @JwtClaims('name') name: unknown,
  ): WsResponse<IdentityMessage> {
    return { event: 'identity', data: { userId, principals, name } };
  }

  /** Admins only. */
  @Permission('admin')
  @SubscribeMessage('broadcast')
  broadcast(@MessageBody() text: string, @JwtClaims('sub') sender: string): WsResponse<string> {
    return { event: 'broadcasted', data: `${sender}: ${text}` };
  }

  /** Open to anyone; says who asked. */
  @Public()
  @SubscribeMessage('greeting')
  greeting(@AuthenticatedUserId() userId: string | null): WsResponse<string> {
    return { event: 'greeting', data: `hello ${userId ?? 'anonymous'}` };
  }
}
