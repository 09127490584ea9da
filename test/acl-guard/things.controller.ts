import { Controller, Get, Req, UseGuards } from '@nestjs/common';
import {
  AuthenticatedUserId,
  JwtAuthGuard,
  Permission,
  PermissionResource,
  Public,
  type JwtAuthRequestData,
} from 'nestjs-jwt-permissions';
import type { Thing } from './thing.entity';
import { ThingResource } from './thing.resource';
import { ThingsService } from './things.service';

@Controller()
export class ThingsController {
  constructor(private readonly things: ThingsService) {}

  @Get('things/:id')
  @Permission('read', { resource: ThingResource })
  read(@PermissionResource() thing: Thing, @Req() request: JwtAuthRequestData) {
    return { id: thing.id, onRequest: request.permissionResource === thing };
  }

  // The global guard and this one both run: the loader must still run once.
  @Get('guarded-twice/:id')
  @UseGuards(JwtAuthGuard)
  @Permission('read', { resource: ThingResource })
  readGuardedTwice() {
    return { loads: this.things.loads };
  }

  // Either permission lets the caller in, each checked against the thing's ACL.
  @Get('things/:id/either')
  @Permission(['edit', 'review'], { resource: ThingResource })
  editOrReview(@PermissionResource() thing: Thing) {
    return { id: thing.id, loads: this.things.loads };
  }

  @Get('staff')
  @Permission(['admin', 'team'])
  staff() {
    return { staff: true };
  }

  @Get('public')
  @Public()
  open() {
    return { open: true };
  }

  @Get('me')
  me(@AuthenticatedUserId() userId: string) {
    return { userId };
  }

  @Get('admin')
  @Permission('admin')
  admin() {
    return { admin: true };
  }
}
