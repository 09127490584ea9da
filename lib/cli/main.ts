#!/usr/bin/env node
// The `nestjs-jwt-permissions` command (package.json "bin").
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './cli.program';

const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  version: string;
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

void runCli(
  process.argv,
  {
    env: process.env,
    cwd: process.cwd(),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    readStdin,
  },
  version,
).then((code) => {
  process.exitCode = code;
  // An application booted by `routes` may leave a handle open (a database pool...): do not wait on it.
  setTimeout(() => process.exit(code), 2000).unref();
});
