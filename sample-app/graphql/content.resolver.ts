import { Query, ResolveField, Resolver } from '@nestjs/graphql';
import {
  Authenticated,
  AuthenticatedUserId,
  EffectivePrincipals,
  JwtClaims,
  Permission,
  Public,
} from 'nestjs-jwt-permissions';
import { Me } from './me.model';

/**
 * The REST routes' twins over GraphQL, guarded by the same global guard with the same decorators:
 * no GraphQL-specific auth code. A refusal is a GraphQL error whose `extensions.code` is
 * `UNAUTHENTICATED` or `FORBIDDEN`.
 */
@Resolver(() => Me)
export class ContentResolver {
  @Public()
  @Query(() => String)
  publicContent(): string {
    return 'Public content';
  }

  @Permission(Authenticated)
  @Query(() => String)
  protectedContent(): string {
    return 'Protected content';
  }

  @Permission('admin')
  @Query(() => String)
  adminContent(): string {
    return 'Admin content';
  }

  @Permission(Authenticated)
  @Query(() => Me)
  me(
    @AuthenticatedUserId() userId: string,
    @EffectivePrincipals() principals: readonly string[],
    @JwtClaims('name') name: string | undefined,
  ): Me {
    return { userId, principals, name };
  }

  /** A field only admins may read, even inside a query any user may run: `null` and an error for others. */
  @Permission('admin')
  @ResolveField(() => String, { nullable: true })
  adminNote(@AuthenticatedUserId() userId: string): string {
    return `${userId} is an admin`;
  }
}
