import { Field, ObjectType } from '@nestjs/graphql';

/** What an admin announces to every subscribed user. */
@ObjectType()
export class Announcement {
  /** The `name` claim of the admin who announced it. */
  @Field(() => String, { nullable: true })
  from?: string;

  @Field()
  text!: string;
}
