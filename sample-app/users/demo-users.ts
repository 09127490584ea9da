import type { User } from './user.interface';

/** A demo user with the password it logs in with. */
export interface DemoUser extends User {
  /** The clear-text demo password, documented in docs/sample-app.md. */
  readonly password: string;
}

/**
 * The sample's user directory. The passwords are in clear only because they are documented in the
 * docs; {@link UsersService} keeps nothing but their scrypt hashes.
 */
export const DEMO_USERS: readonly DemoUser[] = [
  { id: 'alice', name: 'Alice', password: 'alice-password', groups: ['admin', 'user'], disabled: false },
  { id: 'bob', name: 'Bob', password: 'bob-password', groups: ['user'], disabled: false },
  { id: 'carol', name: 'Carol', password: 'carol-password', groups: ['user'], disabled: true },
];
