import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import {
  AuthenticatedUserId,
  EffectivePrincipals,
  JwtClaims,
  Permission,
  Public,
  type VerifiedClaims,
} from 'nestjs-jwt-permissions';
import { Identity, Note } from './graphql.models';

/** Queries, a mutation and a field resolver, each with the permission the spec exercises. */
@Resolver(() => Note)
export class NotesResolver {
  private readonly notes: Note[] = [{ id: '1', text: 'first note' }];

  /** Needs a user (the default permission); reads the identity through the three decorators. */
  @Query(() => Identity)
  whoami(
    @AuthenticatedUserId() userId: string | null,
    @EffectivePrincipals() principals: string[],
    @JwtClaims('name') name: string | undefined,
  ): Identity {
    return { userId, principals, name };
  }

  /** Open to anyone; says who asked. */
  @Public()
  @Query(() => String)
  greeting(@AuthenticatedUserId() userId: string | null): string {
    return `hello ${userId ?? 'anonymous'}`;
  }

  /** Open to anyone; its `auditLog` field is not. */
  @Public()
  @Query(() => Note)
  note(): Note {
    return this.notes[0];
  }

  /** Open to anyone; fails as a bug would. */
  @Public()
  @Query(() => String)
  broken(): string {
    throw new Error('a bug in the resolver');
  }

  /** Admins only. */
  @Permission('admin')
  @Mutation(() => Note)
  addNote(@Args('text') text: string, @JwtClaims() claims: VerifiedClaims): Note {
    const note = { id: String(this.notes.length + 1), text: `${text} (by ${claims.sub})` };
    this.notes.push(note);
    return note;
  }

  /** A field resolver guarded on its own: admins only, even on a public query. */
  @Permission('admin')
  @ResolveField(() => String, { nullable: true })
  auditLog(@Parent() note: Note, @AuthenticatedUserId() userId: string | null): string {
    return `note ${note.id} read by ${userId}`;
  }
}
