import { Module } from '@nestjs/common';
import { JwtAuthModule } from 'nestjs-jwt-permissions';
import { AppGroupFinder } from './app-group-finder';
import { NotesController } from './notes.controller';
import { UsersModule } from './users.module';

@Module({
  imports: [
    JwtAuthModule.forRoot({
      secret: process.env.JWT_SECRET ?? 'a-development-secret-of-at-least-64-bytes-for-hs512-0123456789ab',
      groupFinder: AppGroupFinder,
      imports: [UsersModule],
    }),
  ],
  controllers: [NotesController],
})
export class AppModule {}
