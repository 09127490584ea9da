import { Module } from '@nestjs/common';
import { EventsGateway } from './events.gateway';

/** The sample's WebSocket gateway (socket.io, on the HTTP server's port). */
@Module({
  providers: [EventsGateway],
})
export class EventsModule {}
