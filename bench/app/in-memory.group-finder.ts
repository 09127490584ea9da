import { Injectable } from '@nestjs/common';
import { GroupFinder } from 'nestjs-jwt-permissions';
import { BENCH_GROUP, BENCH_USER } from './bench-secret';

const READER: readonly string[] = Object.freeze([BENCH_GROUP]);

/**
 * A GroupFinder over a Map, as an application with its users in memory (or in a cache) would write
 * it. The generated `user-N` of the distinct-token runs all read, without growing the Map, so the
 * memory run measures the library and not this store.
 */
@Injectable()
export class InMemoryGroupFinder extends GroupFinder {
  private readonly groupsByUser = new Map<string, readonly string[]>([[BENCH_USER, READER]]);

  findGroups(userId: string): readonly string[] | null {
    return this.groupsByUser.get(userId) ?? (userId.startsWith('user-') ? READER : null);
  }
}
