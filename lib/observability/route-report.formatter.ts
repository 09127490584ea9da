import type { RouteReport, RouteReportRow } from './route-report.interface';

const COLUMNS: ReadonlyArray<readonly [title: string, cell: (row: RouteReportRow) => string]> = [
  ['TRANSPORT', (row) => row.transport],
  ['KIND', (row) => row.kind],
  ['ROUTE', (row) => (row.version === undefined ? row.route : `${row.route} (version ${row.version})`)],
  [
    'PERMISSION',
    (row) => row.permissions.join(' or ') + (row.permissionFrom === 'default' ? ' (default)' : ''),
  ],
  ['RESOURCE', (row) => row.resourceLoader ?? '-'],
  ['GUARD', (row) => row.guard],
  ['HANDLER', (row) => row.handler],
  ['FLAGS', (row) => flagsOf(row).join(' ')],
];

/** The flags of a row that deserve a second look: open to anyone, left to `defaultPermission`, not guarded. */
export function flagsOf(row: RouteReportRow): string[] {
  const flags: string[] = [];
  if (row.openToEveryone) flags.push('OPEN');
  if (row.permissionFrom === 'default') flags.push('DEFAULT');
  if (row.guard === 'none') flags.push('UNGUARDED');
  return flags;
}

/**
 * The report as a plain-text table, one route per line, then a line counting the flagged routes:
 * `OPEN` (anyone may call it), `DEFAULT` (no `@Permission()`: `defaultPermission` applies) and
 * `UNGUARDED` (`JwtAuthGuard` does not run for it).
 */
export function formatRouteReport(report: RouteReport): string {
  const lines = [
    COLUMNS.map(([title]) => title),
    ...report.rows.map((row) => COLUMNS.map(([, cell]) => cell(row))),
  ];
  const widths = COLUMNS.map((_, i) => Math.max(...lines.map((cells) => cells[i].length)));
  const table = lines.map((cells) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  );
  const count = (flag: string) => report.rows.filter((row) => flagsOf(row).includes(flag)).length;
  const summary =
    `${report.rows.length} route(s): ${count('OPEN')} open to Everyone, ` +
    `${count('DEFAULT')} on defaultPermission (${report.defaultPermission}), ${count('UNGUARDED')} not guarded.`;
  return [...table, summary].join('\n');
}
