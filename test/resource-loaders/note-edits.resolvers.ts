import { Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { Permission, PermissionResource } from 'nestjs-jwt-permissions';
import { Note } from '../graphql/graphql.models';
import { NoteLoader, UnprovidedNoteLoader, type EditableNote } from './note.loader';

/** `edit` on the note its loader finds. */
@Resolver()
export class NoteEditsResolver {
  @Permission('edit', { resource: NoteLoader })
  @Mutation(() => String)
  editNote(@PermissionResource() note: EditableNote): string {
    return `edited note ${note.id}`;
  }
}

// One resolver per kind of GraphQL handler, each naming a loader no module provides.

@Resolver()
export class QueryWithoutLoader {
  @Permission('view', { resource: UnprovidedNoteLoader })
  @Query(() => String)
  draft(): string {
    return 'draft';
  }
}

@Resolver()
export class MutationWithoutLoader {
  @Permission('edit', { resource: UnprovidedNoteLoader })
  @Mutation(() => String)
  publishNote(): string {
    return 'published';
  }
}

@Resolver()
export class SubscriptionWithoutLoader {
  @Permission('view', { resource: UnprovidedNoteLoader })
  @Subscription(() => String)
  noteEdited(): AsyncIterableIterator<unknown> {
    throw new Error('never subscribed: the application does not start');
  }
}

@Resolver(() => Note)
export class FieldWithoutLoader {
  @Permission('view', { resource: UnprovidedNoteLoader })
  @ResolveField(() => String)
  history(@Parent() note: Note): string {
    return `history of ${note.id}`;
  }
}

/** The loader named on the class, for all its handlers. */
@Permission('edit', { resource: UnprovidedNoteLoader })
@Resolver()
export class ClassWithoutLoader {
  @Mutation(() => String)
  archiveNote(): string {
    return 'archived';
  }
}
