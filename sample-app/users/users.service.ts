import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DEMO_USERS } from './demo-users';
import { hashPassword, verifyPassword, type PasswordHash } from './password-hash';
import type { User } from './user.interface';

interface StoredUser {
  readonly user: User;
  readonly password: PasswordHash;
}

/** The sample's user store: the demo users, looked up by id, and their credentials checked. */
@Injectable()
export class UsersService implements OnModuleInit {
  private readonly users = new Map<string, StoredUser>();
  // Checked against when the user does not exist, so that an unknown name costs as much as a wrong password.
  private unknownUserPassword!: PasswordHash;

  /** Hashes the demo passwords once, before the application accepts requests. */
  async onModuleInit(): Promise<void> {
    const stored = await Promise.all(
      DEMO_USERS.map(async ({ password, ...user }) => ({ user, password: await hashPassword(password) })),
    );
    for (const entry of stored) this.users.set(entry.user.id, entry);
    this.unknownUserPassword = await hashPassword('');
  }

  /** The user with this id, or `undefined`. */
  findById(id: string): User | undefined {
    return this.users.get(id)?.user;
  }

  /** The user these credentials belong to, or `null` when the user is unknown or the password is wrong. */
  async validateCredentials(username: string, password: string): Promise<User | null> {
    const stored = this.users.get(username);
    const matches = await verifyPassword(password, stored?.password ?? this.unknownUserPassword);
    return stored && matches ? stored.user : null;
  }
}
