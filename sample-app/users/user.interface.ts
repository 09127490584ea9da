/** A user of the sample app, as the rest of the app sees it (never with a password). */
export interface User {
  /** The user id, written into tokens as `sub`. */
  readonly id: string;
  /** The display name, written into tokens as the `name` claim. */
  readonly name: string;
  /** The user's groups; each becomes a principal, so `@Permission('admin')` needs `admin`. */
  readonly groups: readonly string[];
  /** A disabled user can still log in here, but the GroupFinder refuses every token of theirs. */
  readonly disabled: boolean;
}
