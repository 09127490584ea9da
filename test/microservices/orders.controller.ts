import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  AuthenticatedUserId,
  EffectivePrincipals,
  JwtClaims,
  Permission,
  Public,
} from 'nestjs-jwt-permissions';

/** What `whoami` answers: the identity as the parameter decorators see it. */
export interface IdentityReply {
  userId: string | null;
  principals: readonly string[];
  name: unknown;
}

/** Message handlers with each permission the spec exercises. */
@Controller()
export class OrdersController {
  /** Needs a user (the default permission); reads the identity through the three decorators. */
  @MessagePattern('whoami')
  whoami(
    @AuthenticatedUserId() userId: string | null,
    @EffectivePrincipals() principals: readonly string[],
    @JwtClaims('name') name: unknown,
  ): IdentityReply {
    return { userId, principals, name };
  }

  /** Admins only. */
  @Permission('admin')
  @MessagePattern('orders.cancel')
  cancel(@Payload('orderId') orderId: string, @JwtClaims('sub') userId: string): string {
    return `order ${orderId} cancelled by ${userId}`;
  }

  /** The users whose `orders.audit` events were handled, in order. */
  readonly audited: string[] = [];

  /** An event (no reply) that needs a user (the default permission). */
  @EventPattern('orders.audit')
  audit(@AuthenticatedUserId() userId: string): void {
    this.audited.push(userId);
  }

  /** Open to anyone; says who asked. */
  @Public()
  @MessagePattern('ping')
  ping(@AuthenticatedUserId() userId: string | null): string {
    return `pong ${userId ?? 'anonymous'}`;
  }
}
