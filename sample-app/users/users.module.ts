import { Module } from '@nestjs/common';
import { UsersService } from './users.service';

/** The user store, shared by the login endpoint and the GroupFinder. */
@Module({
  providers: [UsersService],
  exports: [UsersService],
})
export class UsersModule {}
