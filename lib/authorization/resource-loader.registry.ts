import { Injectable, type OnApplicationBootstrap, type Type } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModuleRef, Reflector } from '@nestjs/core';
import type { ResourceLoader } from './resource-loader.interface';
import { readDeclaredPermission } from './permission-requirement.reader';
import { classMethods } from '../utils/class-methods.util';
import { discoveredClasses } from '../utils/discovered-classes.util';

/**
 * Finds the resource loaders that `@Permission(name, { resource })` names, among the application's
 * providers (`ModuleRef.get(Loader, { strict: false })`: any module may provide them, typically
 * the feature module of the controller). Every loader named on a controller or a provider (GraphQL
 * resolvers and WebSocket gateways are providers) is looked up when the application starts, so a
 * missing one stops the start instead of failing calls, whatever the transport.
 */
@Injectable()
export class ResourceLoaderRegistry implements OnApplicationBootstrap {
  private readonly loaders = new Map<Type<ResourceLoader>, ResourceLoader>();

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  /**
   * Resolves, once, the loader named by every method (or class) of every controller and class
   * provider. Handlers are recognised by this library's metadata alone, not by each transport's
   * decorators, so the optional transport packages stay unloaded; the metadata lives on the class,
   * so request-scoped classes are checked without being instantiated.
   */
  onApplicationBootstrap(): void {
    const classes = discoveredClasses([...this.discovery.getControllers(), ...this.discovery.getProviders()]);
    for (const [type, wrapper] of classes) this.resolveLoadersOf(type, wrapper.host?.metatype?.name);
  }

  /** The loader instance of a class named by `@Permission()`. */
  get(loaderClass: Type<ResourceLoader>): ResourceLoader {
    return this.loaders.get(loaderClass) ?? this.resolve(loaderClass, 'a route');
  }

  private resolveLoadersOf(type: Type<unknown>, moduleName: string | undefined): void {
    for (const [method, handler] of classMethods(this.scanner, type)) {
      const { loaderClass, declaredOn } = readDeclaredPermission(this.reflector, handler, type);
      if (loaderClass === undefined || this.loaders.has(loaderClass)) continue;
      const usedBy = declaredOn === 'controller' ? `the class ${type.name}` : `${type.name}.${method}()`;
      this.resolve(loaderClass, usedBy, moduleName);
    }
  }

  private resolve(
    loaderClass: Type<ResourceLoader>,
    usedBy: string,
    moduleName = 'its module',
  ): ResourceLoader {
    let loader: ResourceLoader | undefined;
    let reason = 'it has no load() method';
    try {
      loader = this.moduleRef.get(loaderClass, { strict: false });
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
    if (typeof loader?.load !== 'function') {
      throw new Error(
        `JwtAuthModule: cannot use ${loaderClass.name}, the resource loader of ${usedBy} (${reason}). ` +
          `List it in the providers of ${moduleName}, as a singleton @Injectable() with a load() method.`,
      );
    }
    this.loaders.set(loaderClass, loader);
    return loader;
  }
}
