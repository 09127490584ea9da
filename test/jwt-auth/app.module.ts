import { Module } from '@nestjs/common';
import { JwtAuthModule } from 'nestjs-jwt-permissions';
import { JwtAuthController, MembersController } from './jwt-auth.controller';
import { UsersGroupFinder } from './users.group-finder';

export const SECRET = 'jwt-auth-scenario-secret-of-64-bytes-for-hs512-0123456789abcdefgh';

@Module({
  imports: [JwtAuthModule.forRoot({ secret: SECRET, groupFinder: UsersGroupFinder, audience: 'scenario' })],
  controllers: [JwtAuthController, MembersController],
})
export class AppModule {}
