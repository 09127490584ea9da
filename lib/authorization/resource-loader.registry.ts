import { Injectable, type OnApplicationBootstrap, type Type } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModuleRef, Reflector } from '@nestjs/core';
import type { ResourceLoader } from './resource-loader.interface';
import { readDeclaredPermission } from './permission-requirement.reader';
import { classMethods } from '../utils/class-methods.util';

/**
 * Finds the resource loaders that `@Permission(name, { resource })` names, among the application's
 * providers (`ModuleRef.get(Loader, { strict: false })`: any module may provide them, typically
 * the feature module of the controller). Every loader a controller names is looked up when the
 * application starts, so a missing one stops the start instead of failing requests.
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

  /** Resolves the loader of every controller route, once. */
  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype;
      if (typeof controller !== 'function') continue;
      for (const [method, handler] of classMethods(this.scanner, controller as Type<unknown>)) {
        const { loaderClass } = readDeclaredPermission(this.reflector, handler, controller);
        if (loaderClass)
          this.resolve(loaderClass, `${controller.name}.${method}()`, wrapper.host?.metatype?.name);
      }
    }
  }

  /** The loader instance of a class named by `@Permission()`. */
  get(loaderClass: Type<ResourceLoader>): ResourceLoader {
    return this.loaders.get(loaderClass) ?? this.resolve(loaderClass, 'a route');
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
