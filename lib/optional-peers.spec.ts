import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// An HTTP-only application installs none of these: the library may name them in types and load
// them lazily (lib/refusal/optional-package.ts), but never import them when it is loaded.
const OPTIONAL_PEERS = [
  'graphql',
  'graphql-ws',
  '@nestjs/graphql',
  '@nestjs/apollo',
  '@nestjs/websockets',
  '@nestjs/microservices',
  'socket.io',
  'ws',
  'ioredis',
  '@nestjs/event-emitter',
  '@opentelemetry/api',
  '@nestjs/terminus',
];

function sourcesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourcesUnder(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

// `import x from 'p'`, `import 'p'`, `export ... from 'p'` and `require('p')`, but not `import type`.
const LOADING_IMPORT =
  /^\s*(?:import(?!\s+type\b)[^'"]*|export(?!\s+type\b)[^'"]*from\s*)['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)/gm;

describe('the library, as an HTTP-only application loads it', () => {
  const libDirectory = join(__dirname);

  it.each(sourcesUnder(libDirectory).map((path) => [relative(libDirectory, path), path]))(
    '%s loads no optional transport package',
    (_, path) => {
      const loaded = [...readFileSync(path, 'utf8').matchAll(LOADING_IMPORT)].map(
        (match) => match[1] ?? match[2],
      );
      const optional = loaded.filter((name) =>
        OPTIONAL_PEERS.some((peer) => name === peer || name.startsWith(`${peer}/`)),
      );
      expect(optional).toEqual([]);
    },
  );
});
