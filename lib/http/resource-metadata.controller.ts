import { Controller, Get, Header, Inject, type OnApplicationBootstrap, type Type } from '@nestjs/common';
import { Public } from '../authorization/permission.decorator';
import { JWT_AUTH_RESOLVED_OPTIONS } from '../jwt-auth.constants';
import type { ResolvedJwtAuthOptions } from '../jwt-auth.options';
import { RouteReportService } from '../observability/route-report.service';
import type { RouteReport } from '../observability/route-report.interface';
import { buildResourceMetadata, type ProtectedResourceMetadata } from './resource-metadata.builder';
import type { ResolvedResourceMetadataOptions } from './resource-metadata.options';

/**
 * `Cache-Control` of the metadata route: it changes only with a deployment, and clients fetch it
 * when a 401 names it, so an hour spares the API a request per client without keeping a stale
 * document long.
 */
export const RESOURCE_METADATA_CACHE_CONTROL = 'public, max-age=3600';

const HANDLER = 'ProtectedResourceMetadataController.getMetadata';

/**
 * The controller behind the `resourceMetadata` option: serves the protected resource metadata
 * (RFC 9728) at the resource's well-known path, to anyone (`@Public()`). The document is built once,
 * when the application starts, from the options and the route report; start-up fails when a global
 * prefix or URI version would move the route away from where clients look for it.
 */
export function createResourceMetadataController(metadata: ResolvedResourceMetadataOptions): Type<unknown> {
  @Controller()
  class ProtectedResourceMetadataController implements OnApplicationBootstrap {
    private document: ProtectedResourceMetadata | undefined;

    constructor(
      @Inject(JWT_AUTH_RESOLVED_OPTIONS) private readonly options: ResolvedJwtAuthOptions,
      @Inject(RouteReportService) private readonly routes: RouteReportService,
    ) {}

    onApplicationBootstrap(): void {
      this.document = this.build();
    }

    /** The protected resource metadata, as JSON. */
    @Public()
    @Get(metadata.path)
    @Header('Cache-Control', RESOURCE_METADATA_CACHE_CONTROL)
    getMetadata(): ProtectedResourceMetadata {
      // Built at start-up; here only for an application that was never bootstrapped (a bare test module).
      this.document ??= this.build();
      return this.document;
    }

    private build(): ProtectedResourceMetadata {
      const report = this.routes.build();
      checkServedPath(report);
      const scopes = report.rows.filter((row) => row.guard !== 'none').flatMap((row) => row.scopes);
      return buildResourceMetadata(metadata, this.options, scopes);
    }
  }

  /** Stops start-up when the route is not served at the path RFC 9728 §3.1 makes clients ask. */
  function checkServedPath(report: RouteReport): void {
    const served = report.rows.find((row) => row.transport === 'http' && row.handler === HANDLER)?.route;
    if (served === undefined || served === metadata.path) return;
    throw new Error(
      `JwtAuthModule: the protected resource metadata of ${JSON.stringify(metadata.resource)} must be served at ${metadata.path}, ` +
        `where clients look for it (RFC 9728 §3.1), but the application serves it at ${served}. ` +
        `Exclude it from the global prefix: app.setGlobalPrefix('api', { exclude: ['${metadata.path.slice(1)}'] }).`,
    );
  }

  return ProtectedResourceMetadataController;
}
