import { Injectable, Module } from '@nestjs/common';
import { GroupFinder, JwtAuthModule } from 'nestjs-jwt-permissions';
import { RequestDataController } from './request-data.controller';

/** The secret of this scenario's tokens (HS512: 64 bytes). */
export const SECRET = 'request-data-scenario-secret-'.padEnd(64, 'x');

@Injectable()
export class EditorsGroupFinder extends GroupFinder {
  findGroups(userId: string): readonly string[] {
    return userId === 'alice' ? ['editor'] : [];
  }
}

@Module({
  imports: [JwtAuthModule.forRoot({ secret: SECRET, groupFinder: EditorsGroupFinder })],
  controllers: [RequestDataController],
})
export class AppModule {}
