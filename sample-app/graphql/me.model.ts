import { Field, ObjectType } from '@nestjs/graphql';

/** The caller as the guard resolved it: the GraphQL twin of `GET /me`. */
@ObjectType()
export class Me {
  /** The token's `sub`. */
  @Field()
  userId!: string;

  /** `[Everyone, Authenticated, userId, ...groups]`, the groups from the app's GroupFinder. */
  @Field(() => [String])
  principals!: readonly string[];

  /** The `name` claim written at login. */
  @Field(() => String, { nullable: true })
  name?: string;
}
