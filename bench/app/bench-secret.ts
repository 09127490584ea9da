import { randomBytes } from 'node:crypto';

/**
 * The one string secret every setup in the benchmark app is configured with, as their READMEs show
 * (a string, not a KeyObject). Random per server process: the server mints the tokens it serves.
 */
export const BENCH_SECRET = randomBytes(32).toString('base64url');

/** The user every benchmark token is issued for, and the group the in-memory GroupFinder gives it. */
export const BENCH_USER = 'user-1';
export const BENCH_GROUP = 'reader';
