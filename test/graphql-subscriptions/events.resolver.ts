import { Query, Resolver, Subscription } from '@nestjs/graphql';
import {
  AuthenticatedUserId,
  EffectivePrincipals,
  JwtClaims,
  Permission,
  Public,
} from 'nestjs-jwt-permissions';
import { Identity, Note } from '../graphql/graphql.models';
import { NoteEvents } from './note-events';

/** Subscriptions with each permission the spec exercises; events come from {@link NoteEvents}. */
@Resolver()
export class EventsResolver {
  constructor(private readonly events: NoteEvents) {}

  /** A schema needs a query. */
  @Public()
  @Query(() => String)
  ping(): string {
    return 'pong';
  }

  /** Needs a user (the default permission): every note added. */
  @Subscription(() => Note)
  noteAdded(): AsyncIterableIterator<unknown> {
    return this.events.asyncIterableIterator('noteAdded');
  }

  /** Admins only. */
  @Permission('admin')
  @Subscription(() => String)
  auditLog(): AsyncIterableIterator<unknown> {
    return this.events.asyncIterableIterator('auditLog');
  }

  /** Open to anyone. */
  @Public()
  @Subscription(() => String)
  announcements(): AsyncIterableIterator<unknown> {
    return this.events.asyncIterableIterator('announcements');
  }

  /** One event, the identity as the parameter decorators see it in a subscription, then complete. */
  @Subscription(() => Identity)
  async *whoami(
    @AuthenticatedUserId() userId: string | null,
    @EffectivePrincipals() principals: string[],
    @JwtClaims('name') name: string | undefined,
  ): AsyncGenerator<{ whoami: Identity }> {
    yield { whoami: { userId, principals, name } };
  }
}
