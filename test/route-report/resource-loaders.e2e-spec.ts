import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import {
  Authenticated,
  formatRouteReport,
  RouteReportService,
  type RouteReportRow,
} from 'nestjs-jwt-permissions';
import { createApp, TITLED_PLATFORMS } from '../support/platforms';
import { TestClock } from '../support/transport-test-kit';
import {
  GraphqlEventsModule,
  LedgerController,
  LedgerGateway,
  LedgerLoader,
} from '../observability/transports.app';

/** The events scenario's resolver, gateway and microservice controller in one application. */
@Module({})
class LedgerAppModule {
  static on(clock: TestClock): DynamicModule {
    return {
      module: LedgerAppModule,
      imports: [GraphqlEventsModule.on(clock)],
      controllers: [LedgerController],
      providers: [LedgerGateway, LedgerLoader],
    };
  }
}

describe.each(TITLED_PLATFORMS)(
  'the route permission report of subscriptions, and of resources beyond HTTP, over %s',
  (_, platform) => {
    let app: INestApplication;
    let rows: readonly RouteReportRow[];
    const shape = ({
      transport,
      kind,
      route,
      permissions,
      permissionFrom,
      resourceLoader,
      handler,
    }: RouteReportRow) => ({
      transport,
      kind,
      route,
      permissions,
      permissionFrom,
      resourceLoader,
      handler,
    });

    beforeAll(async () => {
      app = await createApp(LedgerAppModule.on(new TestClock()), platform);
      rows = app.get(RouteReportService).build().rows;
    });
    afterAll(async () => {
      await app?.close();
    });

    it('lists GraphQL subscriptions beside queries and mutations, with their resource loader', () => {
      expect(rows.filter((row) => row.transport === 'graphql').map(shape)).toEqual([
        {
          transport: 'graphql',
          kind: 'Query',
          route: 'balance',
          permissions: [Authenticated],
          permissionFrom: 'default',
          resourceLoader: undefined,
          handler: 'LedgerResolver.balance',
        },
        {
          transport: 'graphql',
          kind: 'Mutation',
          route: 'addEntry',
          permissions: ['edit'],
          permissionFrom: 'handler',
          resourceLoader: 'LedgerLoader',
          handler: 'LedgerResolver.addEntry',
        },
        {
          transport: 'graphql',
          kind: 'Subscription',
          route: 'ticks',
          permissions: [Authenticated],
          permissionFrom: 'default',
          resourceLoader: undefined,
          handler: 'LedgerResolver.ticks',
        },
        {
          transport: 'graphql',
          kind: 'Subscription',
          route: 'ping',
          permissions: [Authenticated],
          permissionFrom: 'default',
          resourceLoader: undefined,
          handler: 'LedgerResolver.ping',
        },
        {
          transport: 'graphql',
          kind: 'Subscription',
          route: 'entryAdded',
          permissions: ['edit'],
          permissionFrom: 'handler',
          resourceLoader: 'LedgerLoader',
          handler: 'LedgerResolver.entryAdded',
        },
      ]);
    });

    it('names the resource loader of a gateway message and of a microservice pattern', () => {
      expect(
        rows.filter((row) => row.resourceLoader !== undefined && row.transport !== 'graphql').map(shape),
      ).toEqual([
        {
          transport: 'ws',
          kind: 'message',
          route: 'addEntry',
          permissions: ['edit'],
          permissionFrom: 'handler',
          resourceLoader: 'LedgerLoader',
          handler: 'LedgerGateway.addEntry',
        },
        {
          transport: 'rpc',
          kind: 'message',
          route: 'ledger.addEntry',
          permissions: ['edit'],
          permissionFrom: 'handler',
          resourceLoader: 'LedgerLoader',
          handler: 'LedgerController.addEntry',
        },
      ]);
    });

    it('prints the loader in the RESOURCE column of the table', () => {
      const line = formatRouteReport(app.get(RouteReportService).build())
        .split('\n')
        .find((text) => text.includes('LedgerResolver.entryAdded'));
      expect(line).toMatch(
        /^graphql\s+Subscription\s+entryAdded\s+edit\s+LedgerLoader\s+global\s+LedgerResolver\.entryAdded$/,
      );
    });
  },
);
