import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';

/** The HTTP platforms every e2e scenario runs on. */
export const PLATFORMS = ['express', 'fastify'] as const;
export type Platform = (typeof PLATFORMS)[number];

/**
 * `PLATFORMS` as `describe.each` rows `[title, platform]`, for scenarios whose titles spell the
 * platform "Express" or "Fastify" (`%s` takes the title).
 */
export const TITLED_PLATFORMS = [
  ['Express', 'express'],
  ['Fastify', 'fastify'],
] as const satisfies ReadonlyArray<readonly [string, Platform]>;

/** Boots `module` on `platform`, ready to take requests through `app.getHttpServer()`. */
export async function createApp(
  module: Type<unknown> | DynamicModule,
  platform: Platform,
): Promise<INestApplication> {
  return createAppFrom(Test.createTestingModule({ imports: [module] }), platform);
}

/**
 * Compiles `builder` (with its overrides) and boots it on `platform`; `configure` runs on the
 * application before it is initialised (versioning, a global prefix...).
 */
export async function createAppFrom(
  builder: TestingModuleBuilder,
  platform: Platform,
  configure?: (app: INestApplication) => void,
): Promise<INestApplication> {
  const app = await compileApp(builder, platform);
  configure?.(app);
  await app.init();
  if (platform === 'fastify') await app.getHttpAdapter().getInstance().ready();
  return app;
}

/**
 * Compiles `builder` and makes its application on `platform`, not yet initialised: for specs that
 * expect `app.init()` to fail (close the application after).
 */
export async function compileApp(
  builder: TestingModuleBuilder,
  platform: Platform,
): Promise<INestApplication> {
  const moduleRef = await builder.compile();
  return platform === 'fastify'
    ? moduleRef.createNestApplication(new FastifyAdapter(), { logger: false })
    : moduleRef.createNestApplication({ logger: false });
}
