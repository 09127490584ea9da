import type { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory, type AbstractHttpAdapter } from '@nestjs/core';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { RouteReport } from '../observability/route-report.interface';
import { RouteReportService } from '../observability/route-report.service';
import { CliError } from './cli.errors';

/** Options of the `routes` command. */
export interface RoutesOptions {
  module: string;
  export?: string;
  prefix?: string;
  json?: boolean;
}

/** The HTTP platforms `routes` can boot an application on, in the order it tries them. */
const PLATFORMS = ['@nestjs/platform-express', '@nestjs/platform-fastify'] as const;

/**
 * The route report of the module exported by `file`: loaded, booted on the first HTTP platform
 * installed beside it (or as a plain context without one), never listening, then closed.
 */
export async function applicationRouteReport(file: string, options: RoutesOptions): Promise<RouteReport> {
  const app = await boot(await loadModule(file, options), file, options);
  try {
    return reportOf(app);
  } finally {
    await app.close();
  }
}

async function loadModule(file: string, options: RoutesOptions): Promise<Type<unknown>> {
  let namespace: Record<string, unknown>;
  try {
    // A path on POSIX, where both import() and a test's require() take it; a file URL on Windows.
    namespace = (await import(process.platform === 'win32' ? pathToFileURL(file).href : file)) as Record<
      string,
      unknown
    >;
  } catch (error) {
    throw new CliError(`cannot load --module ${options.module}: ${firstLine(error)}`);
  }
  // A CommonJS file's named exports are found by static analysis, which misses some compilers'
  // output (swc, esbuild): its module.exports, the default export, has them all.
  const cjsExports =
    typeof namespace.default === 'object' && namespace.default !== null ? namespace.default : {};
  const exports: Record<string, unknown> = { ...cjsExports, ...namespace };
  const name = options.export ?? ('AppModule' in exports ? 'AppModule' : 'default');
  const module = exports[name];
  if (typeof module !== 'function') {
    const names = Object.keys(exports).filter(
      (key) => key !== 'default' && typeof exports[key] === 'function',
    );
    throw new CliError(
      `--module ${options.module} exports no module named ${name}; pass --export with one of: ${names.join(', ') || '(none)'}.`,
    );
  }
  return module as Type<unknown>;
}

/** The application on the first HTTP platform installed beside the module, or a plain context without one. */
async function boot(
  module: Type<unknown>,
  file: string,
  options: RoutesOptions,
): Promise<INestApplicationContext> {
  const requireNearModule = createRequire(file);
  const platform = PLATFORMS.find((name) => resolvable(requireNearModule, name));
  try {
    if (platform === undefined) {
      if (options.prefix !== undefined)
        throw new CliError('--prefix needs an HTTP platform (@nestjs/platform-express or -fastify).');
      return await NestFactory.createApplicationContext(module, { logger: false, abortOnError: false });
    }
    const exports = requireNearModule(platform) as Record<string, new () => AbstractHttpAdapter>;
    const adapter = new exports[
      platform === '@nestjs/platform-fastify' ? 'FastifyAdapter' : 'ExpressAdapter'
    ]();
    const app = await NestFactory.create(module, adapter, { logger: false, abortOnError: false });
    if (options.prefix !== undefined) app.setGlobalPrefix(options.prefix);
    await app.init();
    return app;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot start ${module.name}: ${firstLine(error)}`);
  }
}

function reportOf(app: INestApplicationContext): RouteReport {
  let service: RouteReportService;
  try {
    service = app.get(RouteReportService, { strict: false });
  } catch {
    throw new CliError(
      'the module does not import JwtAuthModule (from this copy of nestjs-jwt-permissions): no route report.',
    );
  }
  return service.build();
}

function resolvable(requireNearModule: NodeJS.Require, name: string): boolean {
  try {
    requireNearModule.resolve(name);
    return true;
  } catch {
    return false;
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
