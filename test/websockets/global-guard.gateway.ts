import {
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type WsResponse,
} from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import { AuthenticatedUserId, rememberHandshake } from 'nestjs-jwt-permissions';

/** A gateway with no `@UseGuards`: only the global guard stands in front of it (NestJS 12). */
@WebSocketGateway()
export class GlobalGuardOnlyGateway implements OnGatewayConnection {
  handleConnection(client: object, request?: IncomingMessage): void {
    if (request) rememberHandshake(client, request);
  }

  /** Needs a user (the default permission). */
  @SubscribeMessage('whoami')
  whoami(@AuthenticatedUserId() userId: string | null): WsResponse<string | null> {
    return { event: 'identity', data: userId };
  }
}
