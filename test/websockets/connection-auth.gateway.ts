import { UseGuards } from '@nestjs/common';
import {
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type WsResponse,
} from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import { AuthenticatedUserId, JwtAuthGuard, WS_CLOSE_UNAUTHORIZED } from 'nestjs-jwt-permissions';

/** A socket of either adapter, as far as this gateway ends it. */
type AnySocket = { disconnect?: (close: boolean) => void; close?: (code: number, reason: string) => void };

/** Users only: a connection that is not a user is ended at once, before it can receive anything. */
@UseGuards(JwtAuthGuard)
@WebSocketGateway()
export class ConnectionAuthGateway implements OnGatewayConnection {
  constructor(private readonly jwtAuthGuard: JwtAuthGuard) {}

  async handleConnection(client: AnySocket, request?: IncomingMessage): Promise<void> {
    const identity = await this.jwtAuthGuard.authenticateConnection(client, request);
    if (identity.userId !== null) return;
    if (client.disconnect) client.disconnect(true);
    else client.close?.(WS_CLOSE_UNAUTHORIZED, identity.anonymousReason ?? 'token_missing');
  }

  /** Needs a user (the default permission). */
  @SubscribeMessage('whoami')
  whoami(@AuthenticatedUserId() userId: string | null): WsResponse<string | null> {
    return { event: 'identity', data: userId };
  }
}
