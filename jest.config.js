// @nestjs/* 12 ships ES modules only; Jest on Node 20 loads CommonJS, so those packages go through
// the same swc transform as our TypeScript sources.
const swc = (syntax) => [
  '@swc/jest',
  {
    jsc: {
      parser: syntax === 'ts' ? { syntax: 'typescript', decorators: true } : { syntax: 'ecmascript' },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/lib', '<rootDir>/test', '<rootDir>/sample-app'],
  testRegex: '\\.(spec|e2e-spec)\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': swc('ts'),
    '^.+\\.m?js$': swc('js'),
  },
  // Mercurius too: its @fastify/static loads content-disposition 3, which ships ES modules only, and
  // it loads quick-lru (ES modules only) with import(), which Jest runs only once swc has made it a
  // require().
  transformIgnorePatterns: [
    '^(?!.*/node_modules/(mercurius|quick-lru|@fastify/static/node_modules/content-disposition)/).*/node_modules/(?!@nestjs/)',
  ],
  moduleNameMapper: {
    '^nestjs-jwt-permissions$': '<rootDir>/lib/index.ts',
    '^nestjs-jwt-permissions/testing$': '<rootDir>/lib/testing/index.ts',
  },
  // Says once whether redis-server is there for the Redis specs (REQUIRE_REDIS=1: it must be).
  globalSetup: '<rootDir>/test/support/redis-availability.cjs',
};
