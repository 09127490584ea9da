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

/** A row as the specs compare it: kind, route, permission (and where from), loader, handler. */
function summary(row: RouteReportRow): unknown[] {
  const permission = row.permissions.join(' or ') + (row.permissionFrom === 'default' ? ' (default)' : '');
  return [row.kind, row.route, permission, row.resourceLoader, row.handler];
}

describe.each(TITLED_PLATFORMS)(
  'the route permission report of subscriptions, and of resources beyond HTTP, over %s',
  (_, platform) => {
    let app: INestApplication;
    let rows: readonly RouteReportRow[];
    beforeAll(async () => {
      app = await createApp(LedgerAppModule.on(new TestClock()), platform);
      rows = app.get(RouteReportService).build().rows;
    });
    afterAll(async () => {
      await app?.close();
    });

    it('lists GraphQL subscriptions beside queries and mutations, with their resource loader', () => {
      expect(rows.filter((row) => row.transport === 'graphql').map(summary)).toEqual([
        ['Query', 'balance', `${Authenticated} (default)`, undefined, 'LedgerResolver.balance'],
        ['Mutation', 'addEntry', 'edit', 'LedgerLoader', 'LedgerResolver.addEntry'],
        ['Subscription', 'ticks', `${Authenticated} (default)`, undefined, 'LedgerResolver.ticks'],
        ['Subscription', 'ping', `${Authenticated} (default)`, undefined, 'LedgerResolver.ping'],
        ['Subscription', 'entryAdded', 'edit', 'LedgerLoader', 'LedgerResolver.entryAdded'],
      ]);
    });

    it('names the resource loader of a gateway message and of a microservice pattern', () => {
      const withLoader = rows.filter(
        (row) => row.resourceLoader !== undefined && row.transport !== 'graphql',
      );
      expect(withLoader.map((row) => [row.transport, ...summary(row)])).toEqual([
        ['ws', 'message', 'addEntry', 'edit', 'LedgerLoader', 'LedgerGateway.addEntry'],
        ['rpc', 'message', 'ledger.addEntry', 'edit', 'LedgerLoader', 'LedgerController.addEntry'],
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
