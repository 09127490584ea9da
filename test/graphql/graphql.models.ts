import { Field, ID, ObjectType } from '@nestjs/graphql';

/** What the `whoami` query answers: the identity as the parameter decorators see it. */
@ObjectType()
export class Identity {
  @Field(() => String, { nullable: true })
  userId!: string | null;

  @Field(() => [String])
  principals!: string[];

  @Field(() => String, { nullable: true })
  name?: string;
}

/** A note; its `auditLog` is a field resolver only admins may read. */
@ObjectType()
export class Note {
  @Field(() => ID)
  id!: string;

  @Field()
  text!: string;
}
