import { buildCli, type BuiltCli } from './built-cli';
import { NEST_MAJOR } from '../support/nest-version';

// Each run starts a Node.js process and boots an application; the machine may be busy.
jest.setTimeout(60_000);

const oneLine = (text: string) => text.trim().split('\n');

describe('the CLI: routes', () => {
  let cli: BuiltCli;
  let module: string;

  beforeAll(() => {
    cli = buildCli();
    // The scenario's module and everything it imports, compiled beside the built package.
    module = cli.compile(
      'test/cli/routes-app.module.ts',
      'test/route-report/app.module.ts',
      'test/route-report/catalogue.controllers.ts',
      'test/graphql/notes.resolver.ts',
      'test/graphql/graphql.models.ts',
      'test/websockets/events.gateway.ts',
      'test/microservices/orders.controller.ts',
    );
  });

  afterAll(() => {
    cli?.remove();
  });

  it("prints the table of the module's routes and the count of flagged ones, exit 0", async () => {
    const { code, stdout, stderr } = await cli.run(['routes', '--module', module]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^TRANSPORT +KIND +ROUTE +PERMISSION +RESOURCE +GUARD +HANDLER +FLAGS$/);
    expect(lines).toContainEqual(
      expect.stringMatching(/^http +GET +\/items\/prices +read +- +global +ItemsController\.prices +OPEN$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^graphql +Mutation +addNote +admin +- +global +NotesResolver\.addNote$/),
    );
    // NestJS 11 runs no global guard on gateways: there the gateway's own @UseGuards() covers it.
    const wsGuard = NEST_MAJOR >= 12 ? 'global' : 'decorator';
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^ws +message +broadcast +admin +- +${wsGuard} +EventsGateway\\.broadcast$`),
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^rpc +event +invoice\.paid +system\.Authenticated \(default\) .* DEFAULT$/),
    );
    expect(lines.at(-1)).toMatch(
      /^25 route\(s\): 8 open to Everyone, 6 on defaultPermission \(system\.Authenticated\), 0 not guarded\.$/,
    );
  });

  it('puts the --prefix main.ts would set in front of the HTTP paths', async () => {
    const { stdout } = await cli.run(['routes', '--module', module, '--prefix', 'api']);
    expect(stdout).toMatch(/^http +PUT +\/api\/items\/:id +edit +ItemResource /m);
    expect(stdout).toMatch(/^http +GET +\/api\/admin\/users +admin /m);
  });

  it('prints the rows as JSON with --json', async () => {
    const { code, stdout } = await cli.run(['routes', '--module', module, '--json']);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(25);
    expect(rows).toContainEqual({
      transport: 'http',
      kind: 'PUT',
      route: '/items/:id',
      handler: 'ItemsController.update',
      permissions: ['edit'],
      permissionFrom: 'handler',
      scopes: [],
      resourceLoader: 'ItemResource',
      openToEveryone: false,
      guard: 'global',
    });
  });

  it('fails in one line naming the exported modules when --export names none', async () => {
    const { code, stderr } = await cli.run(['routes', '--module', module, '--export', 'ApiModule']);
    expect(code).toBe(1);
    expect(oneLine(stderr)).toEqual([
      `error: --module ${module} exports no module named ApiModule; pass --export with one of: AppModule, UnauthenticatedModule.`,
    ]);
  });

  it('fails in one line on a module that does not import JwtAuthModule', async () => {
    const { code, stderr } = await cli.run([
      'routes',
      '--module',
      module,
      '--export',
      'UnauthenticatedModule',
    ]);
    expect(code).toBe(1);
    expect(oneLine(stderr)).toEqual([
      'error: the module does not import JwtAuthModule (from this copy of nestjs-jwt-permissions): no route report.',
    ]);
  });

  it('fails in one line on a file that cannot be loaded', async () => {
    const { code, stderr } = await cli.run(['routes', '--module', './dist/missing.module.js']);
    expect(code).toBe(1);
    expect(oneLine(stderr)).toHaveLength(1);
    expect(stderr).toMatch(/^error: cannot load --module \.\/dist\/missing\.module\.js: Cannot find module/);
  });

  it('refuses to run without --module', async () => {
    const { code, stderr } = await cli.run(['routes']);
    expect(code).toBe(1);
    expect(oneLine(stderr)).toEqual(["error: required option '--module <file>' not specified"]);
  });
});
