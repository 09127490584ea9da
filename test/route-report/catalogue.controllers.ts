import {
  Controller,
  Get,
  Injectable,
  Module,
  Post,
  Put,
  UseGuards,
  Version,
  VERSION_NEUTRAL,
} from '@nestjs/common';
import { EventPattern, MessagePattern } from '@nestjs/microservices';
import { JwtAuthGuard, Permission, Public, type ResourceLoader } from 'nestjs-jwt-permissions';

/** Loads a catalogue item; never called: the report only reads metadata. */
@Injectable()
export class ItemResource implements ResourceLoader<{ id: string }> {
  load(request: { params: { id: string } }): { id: string } {
    return { id: request.params.id };
  }
}

/** Routes with each way of naming a permission, under a URI version. */
@Controller({ path: 'items', version: '1' })
export class ItemsController {
  /** No `@Permission()`: `defaultPermission` applies. */
  @Get()
  list(): string[] {
    return [];
  }

  @Public()
  @Get('featured')
  featured(): string[] {
    return [];
  }

  @Permission('edit', { resource: ItemResource })
  @Put(':id')
  update(): void {}

  /** Version 2 only, on two paths. */
  @Permission('admin')
  @Version('2')
  @Post(['import', 'bulk'])
  import(): void {}

  /** The ACL (when the scenario sets one) grants `read` to Everyone. */
  @Permission('read')
  @Get('prices')
  prices(): string[] {
    return [];
  }
}

/** A controller-wide permission, and a handler guarded by `@UseGuards`, outside versioning. */
@Permission('staff')
@Controller({ path: 'reports', version: VERSION_NEUTRAL })
export class ReportsController {
  @Get()
  all(): string[] {
    return [];
  }

  @UseGuards(JwtAuthGuard)
  @Get('guarded')
  guarded(): string[] {
    return [];
  }
}

/** Left out of the global prefix by the scenario. */
@Controller('health')
export class HealthController {
  @Public()
  @Get()
  check(): string {
    return 'ok';
  }
}

/** Mounted under `RouterModule`'s `admin` path. */
@Controller('users')
export class AdminUsersController {
  @Permission('admin')
  @Get()
  users(): string[] {
    return [];
  }
}

/** The module `RouterModule` gives a path to. */
@Module({ controllers: [AdminUsersController] })
export class AdminModule {}

/** Microservice handlers: a message pattern as an object, and an event. */
@Controller()
export class BillingHandlers {
  @Permission('billing')
  @MessagePattern({ cmd: 'invoice.create' })
  createInvoice(): string {
    return 'created';
  }

  @EventPattern('invoice.paid')
  paid(_event: unknown): void {}
}
