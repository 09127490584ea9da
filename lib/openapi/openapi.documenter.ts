import { Inject, Injectable, type Type } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { Everyone, JWT_AUTH_GLOBAL_GUARD, JWT_AUTH_RESOLVED_OPTIONS } from '../jwt-auth.constants';
import { readDeclaredPermission } from '../authorization/permission-requirement.reader';
import type { ResolvedJwtAuthOptions } from '../jwt-auth.options';
import { JwtAuthGuard } from '../jwt-auth.guard';
import { loadOptionalPackageIfInstalled } from '../refusal/optional-package.util';
import { classMethods } from '../utils/class-methods.util';
import { addJwtAuthToDocument } from './openapi-security.util';
import type { OpenApiDocument, OpenApiOperation, RouteAccess } from './openapi.interface';

// Nest's and @nestjs/swagger's metadata keys, spelled out rather than imported from their internals.
const PATH_METADATA = 'path';
const GUARDS_METADATA = '__guards__';
const API_EXTENSION = 'swagger/apiExtension';
// The operation field that tells, while the document is built, which route an operation is.
const ROUTE_MARK = 'x-nestjs-jwt-permissions-route';
const HOOKED = Symbol.for('nestjs-jwt-permissions:openapi-hook');

interface SwaggerModuleLike {
  createDocument(app: unknown, config: unknown, options?: unknown): OpenApiDocument;
  [HOOKED]?: true;
}

/**
 * Describes the guard in the OpenAPI document of an application that has `@nestjs/swagger`
 * installed, with no decorator on the routes: `SwaggerModule.createDocument()` is wrapped, once per
 * process, so that the document of an application that imports `JwtAuthModule` gets the security
 * schemes, a security requirement on each guarded route and the 401 / 403 answers (see
 * {@link addJwtAuthToDocument}). Documents of other applications are left as they are.
 */
@Injectable()
export class OpenApiDocumenter {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @Inject(JWT_AUTH_RESOLVED_OPTIONS) private readonly options: ResolvedJwtAuthOptions,
    @Inject(JWT_AUTH_GLOBAL_GUARD) private readonly globalGuard: boolean,
  ) {
    // Here rather than in a lifecycle hook: applications build their document before listen(),
    // which is when onModuleInit() runs.
    hookSwaggerModule();
  }

  /**
   * The document `create` builds, with the guard described in it. Each route handler is marked
   * while it is built, so that each operation can be traced to its route whatever its path
   * (global prefix, versions, RouterModule): the marks are removed from the handlers and the
   * document before it is returned.
   */
  document(create: () => OpenApiDocument): OpenApiDocument {
    const accesses: RouteAccess[] = [];
    const restore: Array<() => void> = [];
    for (const [handler, access] of this.routeAccesses()) {
      const had = Reflect.hasOwnMetadata(API_EXTENSION, handler);
      const extensions: unknown = Reflect.getOwnMetadata(API_EXTENSION, handler);
      Reflect.defineMetadata(
        API_EXTENSION,
        { ...(extensions as object), [ROUTE_MARK]: accesses.push(access) - 1 },
        handler,
      );
      restore.push(() =>
        had
          ? Reflect.defineMetadata(API_EXTENSION, extensions, handler)
          : Reflect.deleteMetadata(API_EXTENSION, handler),
      );
    }
    let document: OpenApiDocument;
    try {
      document = create();
    } finally {
      for (const undo of restore) undo();
    }
    return addJwtAuthToDocument(document, this.options, (operation: OpenApiOperation) => {
      const mark = operation[ROUTE_MARK];
      delete operation[ROUTE_MARK];
      return typeof mark === 'number' ? accesses[mark] : undefined;
    });
  }

  /** Each route handler the guard runs on, and whether it lets anyone in. */
  private routeAccesses(): Map<Function, RouteAccess> {
    const accesses = new Map<Function, RouteAccess>();
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype as Type<unknown> | null | undefined;
      if (typeof controller !== 'function') continue;
      for (const [, handler] of classMethods(this.scanner, controller)) {
        if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined)
          continue;
        if (!this.globalGuard && !hasJwtAuthGuard(handler) && !hasJwtAuthGuard(controller)) continue;
        accesses.set(handler, this.isPublic(handler, controller) ? 'public' : 'guarded');
      }
    }
    return accesses;
  }

  private isPublic(handler: Function, controller: Type<unknown>): boolean {
    const { permissions } = readDeclaredPermission(this.reflector, handler, controller);
    return (permissions ?? [this.options.defaultPermission]).includes(Everyone);
  }
}

/** Whether `@UseGuards()` on `target` names `JwtAuthGuard`, a subclass, or an instance of one. */
function hasJwtAuthGuard(target: object): boolean {
  const guards = (Reflect.getMetadata(GUARDS_METADATA, target) as unknown[] | undefined) ?? [];
  return guards.some(
    (guard) =>
      guard instanceof JwtAuthGuard ||
      (typeof guard === 'function' && (guard === JwtAuthGuard || guard.prototype instanceof JwtAuthGuard)),
  );
}

/** Wraps `SwaggerModule.createDocument()` once, when `@nestjs/swagger` is installed. */
function hookSwaggerModule(): void {
  const swaggerModule = loadOptionalPackageIfInstalled<{ SwaggerModule?: SwaggerModuleLike }>(
    '@nestjs/swagger',
  )?.SwaggerModule;
  if (swaggerModule === undefined || swaggerModule[HOOKED]) return;
  const createDocument = swaggerModule.createDocument.bind(swaggerModule);
  swaggerModule.createDocument = function (this: unknown, app: unknown, config: unknown, options?: unknown) {
    const create = () => createDocument.call(this, app, config, options);
    const documenter = documenterOf(app);
    return documenter === undefined ? create() : documenter.document(create);
  };
  swaggerModule[HOOKED] = true;
}

/** The documenter of the application, or `undefined` when it does not import `JwtAuthModule`. */
function documenterOf(app: unknown): OpenApiDocumenter | undefined {
  try {
    return (app as { get(token: unknown, options: object): OpenApiDocumenter }).get(OpenApiDocumenter, {
      strict: false,
    });
  } catch {
    return undefined;
  }
}
