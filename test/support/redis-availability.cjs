// Jest's globalSetup: says once, in one line, when `redis-server` is missing and the Redis specs
// will skip; with REQUIRE_REDIS=1 (CI) a missing server fails the run instead.
const { spawnSync } = require('node:child_process');

module.exports = async function redisAvailability() {
  const found = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
  process.env.REDIS_SERVER_AVAILABLE = found ? '1' : '0';
  if (found) return;
  if (process.env.REQUIRE_REDIS === '1') {
    throw new Error(
      'REQUIRE_REDIS=1 but redis-server is not on PATH: install it (apt-get install -y redis-server).',
    );
  }
  process.stderr.write(
    'redis-server is not on PATH: the Redis session store specs are skipped (set REQUIRE_REDIS=1 to fail instead).\n',
  );
};
