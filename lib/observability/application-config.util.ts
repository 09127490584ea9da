import type { ApplicationConfig, ModuleRef } from '@nestjs/core';

/**
 * The application's `ApplicationConfig` (global prefix, versioning, global guards), which Nest
 * keeps on its container and exposes through no public API: read from the container behind
 * `ModuleRef`, as tools such as `@nestjs/swagger` read it from the application. `undefined` when a
 * NestJS version keeps it elsewhere.
 */
export function readApplicationConfig(moduleRef: ModuleRef): ApplicationConfig | undefined {
  const container = (moduleRef as unknown as { container?: { applicationConfig?: unknown } }).container;
  const config = container?.applicationConfig as ApplicationConfig | undefined;
  return typeof config?.getGlobalPrefix === 'function' && typeof config.getGlobalGuards === 'function'
    ? config
    : undefined;
}

/** The major version of the running `@nestjs/core`. */
export function nestMajorVersion(): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a JSON file, read where Nest resolves from
  const { version } = require('@nestjs/core/package.json') as { version: string };
  return Number.parseInt(version, 10);
}
