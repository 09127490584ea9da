import { readFileSync } from 'node:fs';

/** The major version of the @nestjs/core the suite runs on: 12 from the lock, 11 under .ci/nest11.sh. */
export const NEST_MAJOR = Number(
  (
    JSON.parse(readFileSync(require.resolve('@nestjs/core/package.json'), 'utf8')) as { version: string }
  ).version.split('.')[0],
);
