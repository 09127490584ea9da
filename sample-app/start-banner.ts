import { DEMO_USERS, type DemoUser } from './users/demo-users';

/**
 * What the sample prints once it listens: the demo users, and `curl` commands to paste into a
 * POSIX shell, one that logs alice in and keeps her token in `$TOKEN`, one that uses it.
 */
export function startBanner(baseUrl: string, users: readonly DemoUser[] = DEMO_USERS): string {
  const width = Math.max(...users.map(({ id, password }) => `${id} / ${password}`.length));
  const userLines = users.map(({ id, password, groups, disabled }) => {
    const note = disabled
      ? 'disabled: logs in, but every token of theirs gets a 401'
      : `groups: ${groups.join(', ')}`;
    return `  ${`${id} / ${password}`.padEnd(width)}   ${note}`;
  });
  const [first] = users;
  const body = JSON.stringify({ username: first.id, password: first.password });
  return [
    `Demo users (POST ${baseUrl}/auth/login):`,
    ...userLines,
    '',
    `Get a token for ${first.id}:`,
    `  TOKEN=$(curl -s ${baseUrl}/auth/login -H 'Content-Type: application/json' -d '${body}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')`,
    'Use it:',
    `  curl -i ${baseUrl}/protected -H "Authorization: Bearer $TOKEN"`,
    '',
  ].join('\n');
}
