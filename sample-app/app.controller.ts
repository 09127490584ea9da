import { Controller, Get } from '@nestjs/common';
import { Authenticated, Permission, Public } from 'nestjs-jwt-permissions';

/** The seed blog post's views: one open to anyone, one for any logged-in user, one for admins. */
@Controller()
export class AppController {
  @Get('public')
  @Public()
  publicContent(): string {
    return 'Public content';
  }

  /** The seed's `@view_config(route_name='protected_route', permission='Authenticated')`. */
  @Get('protected')
  @Permission(Authenticated)
  protectedContent(): string {
    return 'Protected content';
  }

  /** Needs the `admin` group, which the GroupFinder gives alice but not bob. */
  @Get('admin')
  @Permission('admin')
  adminContent(): string {
    return 'Admin content';
  }
}
