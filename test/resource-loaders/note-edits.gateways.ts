import { UseGuards } from '@nestjs/common';
import {
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type WsResponse,
} from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import { JwtAuthGuard, Permission, PermissionResource, rememberHandshake } from 'nestjs-jwt-permissions';
import { NoteLoader, UnprovidedNoteLoader, type EditableNote } from './note.loader';

/**
 * `edit` on the note its loader finds (`@UseGuards` because NestJS 11 gateways ignore global
 * guards).
 */
@UseGuards(JwtAuthGuard)
@WebSocketGateway()
export class NoteEditsGateway implements OnGatewayConnection {
  /** `ws` hands the upgrade request only to this hook. */
  handleConnection(client: object, request?: IncomingMessage): void {
    if (request) rememberHandshake(client, request);
  }

  @Permission('edit', { resource: NoteLoader })
  @SubscribeMessage('editNote')
  editNote(@PermissionResource() note: EditableNote): WsResponse<string> {
    return { event: 'edited', data: `edited note ${note.id}` };
  }
}

/** A message naming a loader no module provides. */
@UseGuards(JwtAuthGuard)
@WebSocketGateway()
export class MessageWithoutLoader {
  @Permission('edit', { resource: UnprovidedNoteLoader })
  @SubscribeMessage('publishNote')
  publishNote(): WsResponse<string> {
    return { event: 'published', data: 'published' };
  }
}

/** The loader named on the gateway class, for all its messages. */
@Permission('edit', { resource: UnprovidedNoteLoader })
@UseGuards(JwtAuthGuard)
@WebSocketGateway()
export class GatewayWithoutLoader {
  @SubscribeMessage('archiveNote')
  archiveNote(): WsResponse<string> {
    return { event: 'archived', data: 'archived' };
  }
}
