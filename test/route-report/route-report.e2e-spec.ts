import { VersioningType, type INestApplication, type LoggerService } from '@nestjs/common';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import { Transport } from '@nestjs/microservices';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import {
  Allow,
  Authenticated,
  Everyone,
  formatRouteReport,
  RouteReportService,
  type JwtAuthModuleOptions,
  type RouteReportRow,
} from 'nestjs-jwt-permissions';
import { TITLED_PLATFORMS, type Platform } from '../support/platforms';
import { NEST_MAJOR } from '../support/nest-version';
import { TestClock } from '../support/transport-test-kit';
import { MicroservicesAppModule } from '../microservices/app.module';
import { RouteReportAppModule } from './app.module';

interface Boot {
  options?: JwtAuthModuleOptions;
  graphql?: Partial<ApolloDriverConfig>;
  logger?: LoggerService | false;
}

/** The scenario on `platform`, with a global prefix (health excluded) and URI versioning, initialised. */
async function boot(
  platform: Platform,
  { options, graphql, logger = false }: Boot = {},
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [RouteReportAppModule.on(options, graphql)],
  }).compile();
  const app =
    platform === 'fastify'
      ? moduleRef.createNestApplication(new FastifyAdapter(), { logger })
      : moduleRef.createNestApplication({ logger });
  app.setGlobalPrefix('api', { exclude: ['health'] });
  app.enableVersioning({ type: VersioningType.URI });
  await app.init();
  return app;
}

function row(rows: readonly RouteReportRow[], transport: string, route: string): RouteReportRow {
  const found = rows.filter((r) => r.transport === transport && r.route === route);
  if (found.length !== 1)
    throw new Error(`expected one ${transport} row for ${route}, found ${found.length}`);
  return found[0];
}

describe.each(TITLED_PLATFORMS)('the route permission report over %s', (_, platform) => {
  describe('with the global guard', () => {
    let app: INestApplication;
    let rows: readonly RouteReportRow[];

    beforeAll(async () => {
      app = await boot(platform, {
        options: {
          acl: [
            [Allow, Everyone, 'read'],
            [Allow, 'staff', 'staff'],
          ],
        },
      });
      rows = app.get(RouteReportService).build().rows;
    });

    afterAll(async () => {
      await app?.close();
    });

    it('lists each HTTP route with its method, the global prefix and its URI version', () => {
      expect(row(rows, 'http', '/api/v1/items')).toMatchObject({
        kind: 'GET',
        handler: 'ItemsController.list',
      });
      expect(row(rows, 'http', '/api/v1/items/:id')).toMatchObject({
        kind: 'PUT',
        handler: 'ItemsController.update',
      });
      expect(row(rows, 'http', '/api/reports')).toMatchObject({
        kind: 'GET',
        handler: 'ReportsController.all',
      });
    });

    it('lists a handler with two paths under its own version once per path', () => {
      expect(row(rows, 'http', '/api/v2/items/import')).toMatchObject({
        kind: 'POST',
        permissions: ['admin'],
      });
      expect(row(rows, 'http', '/api/v2/items/bulk')).toMatchObject({ kind: 'POST', permissions: ['admin'] });
      expect(rows.filter((r) => r.handler === 'ItemsController.import')).toHaveLength(2);
    });

    it('leaves a route excluded from the global prefix without it, and puts RouterModule paths in', () => {
      expect(row(rows, 'http', '/health')).toMatchObject({ handler: 'HealthController.check' });
      expect(row(rows, 'http', '/api/admin/users')).toMatchObject({
        handler: 'AdminUsersController.users',
        permissions: ['admin'],
      });
    });

    it('says where each permission comes from: the handler, the controller, or defaultPermission', () => {
      expect(row(rows, 'http', '/api/v2/items/import')).toMatchObject({
        permissions: ['admin'],
        permissionFrom: 'handler',
      });
      expect(row(rows, 'http', '/api/reports')).toMatchObject({
        permissions: ['staff'],
        permissionFrom: 'controller',
      });
      expect(row(rows, 'http', '/api/v1/items')).toMatchObject({
        permissions: [Authenticated],
        permissionFrom: 'default',
      });
    });

    it('names the resource loader of a route checked on a resource', () => {
      expect(row(rows, 'http', '/api/v1/items/:id')).toMatchObject({
        permissions: ['edit'],
        resourceLoader: 'ItemResource',
      });
      expect(row(rows, 'http', '/api/v1/items').resourceLoader).toBeUndefined();
    });

    it('flags routes open to Everyone: @Public(), and a permission the root ACL grants Everyone', () => {
      expect(row(rows, 'http', '/api/v1/items/featured')).toMatchObject({
        permissions: [Everyone],
        openToEveryone: true,
      });
      expect(row(rows, 'http', '/api/v1/items/prices')).toMatchObject({
        permissions: ['read'],
        openToEveryone: true,
      });
      expect(row(rows, 'http', '/api/reports').openToEveryone).toBe(false);
      expect(row(rows, 'http', '/api/v1/items').openToEveryone).toBe(false);
    });

    it("does not call a route with a resource loader open, whatever the root ACL says: the resource's ACL decides", () => {
      expect(row(rows, 'http', '/api/v1/items/:id').openToEveryone).toBe(false);
    });

    it('lists GraphQL queries, mutations and field resolvers with their permissions', () => {
      expect(row(rows, 'graphql', 'whoami')).toMatchObject({
        kind: 'Query',
        permissionFrom: 'default',
        handler: 'NotesResolver.whoami',
      });
      expect(row(rows, 'graphql', 'greeting')).toMatchObject({
        kind: 'Query',
        permissions: [Everyone],
        openToEveryone: true,
      });
      expect(row(rows, 'graphql', 'addNote')).toMatchObject({ kind: 'Mutation', permissions: ['admin'] });
      expect(row(rows, 'graphql', 'Note.auditLog')).toMatchObject({
        kind: 'Field',
        permissions: ['admin'],
        guard: 'global',
      });
    });

    it('lists gateway messages with their permissions', () => {
      expect(row(rows, 'ws', 'whoami')).toMatchObject({
        kind: 'message',
        permissionFrom: 'default',
        handler: 'EventsGateway.whoami',
      });
      expect(row(rows, 'ws', 'broadcast')).toMatchObject({ permissions: ['admin'] });
      expect(row(rows, 'ws', 'greeting')).toMatchObject({ permissions: [Everyone], openToEveryone: true });
    });

    it('lists microservice message and event patterns, an object pattern as JSON', () => {
      expect(row(rows, 'rpc', 'orders.cancel')).toMatchObject({ kind: 'message', permissions: ['admin'] });
      expect(row(rows, 'rpc', '{"cmd":"invoice.create"}')).toMatchObject({
        kind: 'message',
        permissions: ['billing'],
      });
      expect(row(rows, 'rpc', 'invoice.paid')).toMatchObject({ kind: 'event', permissionFrom: 'default' });
    });

    it('does not list an RPC handler as an HTTP route, nor an HTTP route as an RPC pattern', () => {
      expect(rows.filter((r) => r.handler.startsWith('OrdersController.')).map((r) => r.transport)).toEqual([
        'rpc',
        'rpc',
        'rpc',
        'rpc',
      ]);
      expect(
        rows.filter((r) => r.handler.startsWith('ItemsController.')).every((r) => r.transport === 'http'),
      ).toBe(true);
    });

    it('marks every route as covered by the global guard (gateways from NestJS 12, which runs global guards on them)', () => {
      // On NestJS 11 a gateway's messages are guarded only by its own @UseGuards().
      const expected = (row: RouteReportRow) =>
        row.transport === 'ws' && NEST_MAJOR < 12 ? 'decorator' : 'global';
      expect(rows.filter((r) => r.guard !== expected(r))).toEqual([]);
    });

    it('formats the report as a table with one line per route and a count of the flagged ones', () => {
      const text = formatRouteReport(app.get(RouteReportService).build());
      const lines = text.split('\n');
      expect(lines[0]).toMatch(/^TRANSPORT +KIND +ROUTE +PERMISSION +RESOURCE +GUARD +HANDLER +FLAGS$/);
      expect(lines).toHaveLength(rows.length + 2);
      expect(lines.find((line) => line.includes('/api/v1/items/featured'))).toMatch(
        /system\.Everyone .* OPEN$/,
      );
      expect(lines.find((line) => line.includes('/api/v1/items '))).toMatch(
        /system\.Authenticated \(default\) .* DEFAULT$/,
      );
      const open = rows.filter((r) => r.openToEveryone).length;
      const byDefault = rows.filter((r) => r.permissionFrom === 'default').length;
      expect(lines.at(-1)).toBe(
        `${rows.length} route(s): ${open} open to Everyone, ${byDefault} on defaultPermission (${Authenticated}), 0 not guarded.`,
      );
    });
  });

  describe('with globalGuard: false and no guards on field resolvers', () => {
    let rows: readonly RouteReportRow[];
    let app: INestApplication;

    beforeAll(async () => {
      app = await boot(platform, {
        options: { globalGuard: false },
        graphql: { fieldResolverEnhancers: [] },
      });
      rows = app.get(RouteReportService).build().rows;
    });

    afterAll(async () => {
      await app?.close();
    });

    it('marks a route guarded by @UseGuards(JwtAuthGuard) on its handler as covered by the decorator', () => {
      expect(row(rows, 'http', '/api/reports/guarded').guard).toBe('decorator');
    });

    it('marks the messages of a gateway with @UseGuards(JwtAuthGuard) on its class as covered by the decorator', () => {
      expect(rows.filter((r) => r.transport === 'ws').map((r) => r.guard)).toEqual([
        'decorator',
        'decorator',
        'decorator',
      ]);
    });

    it('flags the routes the guard does not run for', () => {
      expect(row(rows, 'http', '/api/reports').guard).toBe('none');
      expect(row(rows, 'graphql', 'whoami').guard).toBe('none');
      expect(row(rows, 'rpc', 'orders.cancel').guard).toBe('none');
      const lines = formatRouteReport(app.get(RouteReportService).build()).split('\n');
      expect(lines.find((line) => line.includes(' /api/reports '))).toMatch(
        / none +ReportsController\.all +UNGUARDED$/,
      );
    });

    it('flags a field resolver as not guarded when GraphQL does not run guards on field resolvers', () => {
      expect(row(rows, 'graphql', 'Note.auditLog')).toMatchObject({ permissions: ['admin'], guard: 'none' });
    });
  });

  describe('the start-up log', () => {
    const logged = (lines: string[]): LoggerService => ({
      log: (message: unknown, context?: unknown) => lines.push(`${String(context)}: ${String(message)}`),
      error: () => undefined,
      warn: () => undefined,
    });

    it('logs the table once the application starts, with logRouteReport: true', async () => {
      const lines: string[] = [];
      const app = await boot(platform, { options: { logRouteReport: true }, logger: logged(lines) });
      try {
        const reports = lines.filter((line) => line.startsWith('JwtAuth: Route permissions\n'));
        expect(reports).toHaveLength(1);
        expect(reports[0]).toContain(formatRouteReport(app.get(RouteReportService).build()));
      } finally {
        await app.close();
      }
    });

    it('logs nothing of the kind by default', async () => {
      const lines: string[] = [];
      const app = await boot(platform, { logger: logged(lines) });
      await app.close();
      expect(lines.some((line) => line.includes('Route permissions'))).toBe(false);
      expect(lines.length).toBeGreaterThan(0);
    });
  });
});

describe('the route permission report of a microservice', () => {
  it('marks its patterns as covered by the global guard', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [MicroservicesAppModule.on(new TestClock())],
    }).compile();
    const microservice = moduleRef.createNestMicroservice({
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port: 0 },
    });
    microservice.useLogger(false);
    await microservice.init();
    try {
      const rows = microservice.get(RouteReportService).build().rows;
      expect(rows.map(({ transport, kind, route, guard }) => ({ transport, kind, route, guard }))).toEqual([
        { transport: 'rpc', kind: 'message', route: 'whoami', guard: 'global' },
        { transport: 'rpc', kind: 'message', route: 'orders.cancel', guard: 'global' },
        { transport: 'rpc', kind: 'event', route: 'orders.audit', guard: 'global' },
        { transport: 'rpc', kind: 'message', route: 'ping', guard: 'global' },
      ]);
    } finally {
      await microservice.close();
    }
  });
});
