import { Args, Mutation, Resolver, Subscription } from '@nestjs/graphql';
import { PubSub } from 'graphql-subscriptions';
import { Authenticated, JwtClaims, Permission } from 'nestjs-jwt-permissions';
import { Announcement } from './announcement.model';

/**
 * Admins announce over a mutation; users hear it over a subscription (`graphql-ws`, on the same
 * `/graphql` path), authenticated once per connection from its `connectionParams` by the hooks
 * in `GraphqlApiModule`, then checked like any resolver by the global guard. A real app would
 * publish through Redis or the like, so that every instance hears it.
 */
@Resolver(() => Announcement)
export class AnnouncementsResolver {
  private readonly pubSub = new PubSub();

  @Permission('admin')
  @Mutation(() => Announcement)
  async announce(
    @Args('text') text: string,
    @JwtClaims('name') name: string | undefined,
  ): Promise<Announcement> {
    const announcement = { from: name, text };
    await this.pubSub.publish('announcements', { announcements: announcement });
    return announcement;
  }

  @Permission(Authenticated)
  @Subscription(() => Announcement)
  announcements(): AsyncIterableIterator<unknown> {
    return this.pubSub.asyncIterableIterator('announcements');
  }
}
