import { Query, Resolver } from '@nestjs/graphql';
import { AuthenticatedUserId } from 'nestjs-jwt-permissions';

/** One query that needs a user: who the DPoP-bound token says it is. */
@Resolver()
export class WhoamiResolver {
  @Query(() => String)
  whoami(@AuthenticatedUserId() userId: string): string {
    return userId;
  }
}
