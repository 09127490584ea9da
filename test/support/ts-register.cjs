// Lets a child process started by a spec (`node -r ./test/support/ts-register.cjs x.ts`) load the
// project's TypeScript, compiled on the fly by the same swc settings as Jest's.
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = require('node:fs').readFileSync(filename, 'utf8');
  const { code } = transformSync(source, {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

// The package's own name, as Jest's moduleNameMapper resolves it: the sources, not a build.
const Module = require('node:module');
const { join } = require('node:path');
const PACKAGE_ENTRIES = {
  'nestjs-jwt-permissions': join(__dirname, '..', '..', 'lib', 'index.ts'),
  'nestjs-jwt-permissions/testing': join(__dirname, '..', '..', 'lib', 'testing', 'index.ts'),
};
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolvePackageName(request, ...rest) {
  return resolveFilename.call(this, PACKAGE_ENTRIES[request] ?? request, ...rest);
};
