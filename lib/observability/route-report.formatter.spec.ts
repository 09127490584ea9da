import { Authenticated, Everyone } from '../jwt-auth.constants';
import { flagsOf, formatRouteReport } from './route-report.formatter';
import type { RouteReportRow } from './route-report.interface';

const ROW: RouteReportRow = {
  transport: 'http',
  kind: 'GET',
  route: '/things',
  version: undefined,
  handler: 'ThingsController.list',
  permissions: ['view'],
  permissionFrom: 'handler',
  resourceLoader: undefined,
  scopes: [],
  openToEveryone: false,
  guard: 'global',
};

describe('flagsOf', () => {
  it('flags nothing on a guarded route with a permission of its own', () => {
    expect(flagsOf(ROW)).toEqual([]);
  });

  it('flags a route open to Everyone, left to defaultPermission and not guarded', () => {
    expect(flagsOf({ ...ROW, openToEveryone: true, permissionFrom: 'default', guard: 'none' })).toEqual([
      'OPEN',
      'DEFAULT',
      'UNGUARDED',
    ]);
  });
});

describe('formatRouteReport', () => {
  it('aligns the columns under their titles', () => {
    const rows = [
      ROW,
      {
        ...ROW,
        kind: 'DELETE',
        route: '/things/:id',
        handler: 'ThingsController.remove',
        resourceLoader: 'ThingResource',
      },
    ];
    expect(formatRouteReport({ rows, defaultPermission: Authenticated }).split('\n').slice(0, 3)).toEqual([
      'TRANSPORT  KIND    ROUTE        PERMISSION  RESOURCE       GUARD   HANDLER                  FLAGS',
      'http       GET     /things      view        -              global  ThingsController.list',
      'http       DELETE  /things/:id  view        ThingResource  global  ThingsController.remove',
    ]);
  });

  it('marks a default permission and shows the version a header-versioned path does not', () => {
    const text = formatRouteReport({
      rows: [{ ...ROW, permissions: [Authenticated], permissionFrom: 'default', version: '2' }],
      defaultPermission: Authenticated,
    });
    expect(text.split('\n')[1]).toBe(
      'http       GET   /things (version 2)  system.Authenticated (default)  -         global  ThingsController.list  DEFAULT',
    );
  });

  it('ends with a count of the flagged routes', () => {
    const rows = [ROW, { ...ROW, permission: Everyone, openToEveryone: true, guard: 'none' as const }];
    expect(formatRouteReport({ rows, defaultPermission: 'view' }).split('\n').at(-1)).toBe(
      '2 route(s): 1 open to Everyone, 0 on defaultPermission (view), 1 not guarded.',
    );
  });

  it('prints the header and the count for an application without routes', () => {
    expect(formatRouteReport({ rows: [], defaultPermission: Authenticated })).toBe(
      'TRANSPORT  KIND  ROUTE  PERMISSION  RESOURCE  GUARD  HANDLER  FLAGS\n' +
        `0 route(s): 0 open to Everyone, 0 on defaultPermission (${Authenticated}), 0 not guarded.`,
    );
  });
});
