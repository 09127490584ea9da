import { Controller, Injectable, Module, Scope, type Provider, type Type } from '@nestjs/common';
import { DiscoveryModule, type ModuleRef } from '@nestjs/core';
import { Test, type TestingModule } from '@nestjs/testing';
import { Permission } from './permission.decorator';
import type { ResourceLoader } from './resource-loader.interface';
import { ResourceLoaderRegistry } from './resource-loader.registry';

@Injectable()
class NoteLoader implements ResourceLoader {
  loads = 0;
  load(): object {
    this.loads += 1;
    return {};
  }
}

/** Named by handlers but provided nowhere. */
@Injectable()
class MissingLoader implements ResourceLoader {
  load(): object {
    return {};
  }
}

/** Provided, but not a loader. */
@Injectable()
class NotALoader {}

@Injectable({ scope: Scope.REQUEST })
class RequestScopedLoader implements ResourceLoader {
  load(): object {
    return {};
  }
}

// Plain providers carrying only this library's metadata: what a resolver or a gateway is to the
// registry, whose transport decorators it never reads.
@Injectable()
class NotesResolver {
  @Permission('edit', { resource: MissingLoader })
  addNote(): void {}
}

@Permission('edit', { resource: MissingLoader })
@Injectable()
class GuardedGateway {
  handleMessage(): void {}
}

@Injectable({ scope: Scope.REQUEST })
class RequestScopedResolver {
  @Permission('edit', { resource: MissingLoader })
  addNote(): void {}
}

@Injectable()
class NotesGateway {
  @Permission('view', { resource: NoteLoader })
  readNote(): void {}

  @Permission('edit', { resource: NoteLoader })
  editNote(): void {}
}

@Controller()
class NotesController {
  @Permission('edit', { resource: MissingLoader })
  addNote(): void {}
}

/** Starts a module named `NotesModule` with `providers` and `controllers` beside the registry. */
async function start(providers: Provider[], controllers: Type<unknown>[] = []): Promise<TestingModule> {
  @Module({ providers, controllers })
  class NotesModule {}
  const moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule, NotesModule],
    providers: [ResourceLoaderRegistry],
  }).compile();
  return moduleRef.init();
}

describe('ResourceLoaderRegistry at start-up', () => {
  it('refuses to start when a provider method (a resolver, say) names a loader that is not provided', async () => {
    await expect(start([NotesResolver])).rejects.toThrow(
      'JwtAuthModule: cannot use MissingLoader, the resource loader of NotesResolver.addNote() (' +
        'Nest could not find MissingLoader element (this provider does not exist in the current context)). ' +
        'List it in the providers of NotesModule, as a singleton @Injectable() with a load() method.',
    );
  });

  it('refuses to start when the @Permission() of a provider class names a loader that is not provided', async () => {
    await expect(start([GuardedGateway])).rejects.toThrow(
      /cannot use MissingLoader, the resource loader of the class GuardedGateway \(.*\)\. List it in the providers of NotesModule/,
    );
  });

  it('checks a request-scoped provider from its class, without making an instance', async () => {
    await expect(start([RequestScopedResolver])).rejects.toThrow(
      /cannot use MissingLoader, the resource loader of RequestScopedResolver\.addNote\(\)/,
    );
  });

  it('refuses to start when a controller route names a loader that is not provided', async () => {
    await expect(start([], [NotesController])).rejects.toThrow(
      /cannot use MissingLoader, the resource loader of NotesController\.addNote\(\)/,
    );
  });

  it('refuses a provided loader without a load() method', async () => {
    @Injectable()
    class BrokenResolver {
      @Permission('edit', { resource: NotALoader as Type<ResourceLoader> })
      addNote(): void {}
    }
    await expect(start([BrokenResolver, NotALoader])).rejects.toThrow(
      'cannot use NotALoader, the resource loader of BrokenResolver.addNote() (it has no load() method)',
    );
  });

  it('refuses a request-scoped loader, asking for a singleton', async () => {
    @Injectable()
    class ScopedLoaderResolver {
      @Permission('edit', { resource: RequestScopedLoader })
      addNote(): void {}
    }
    await expect(start([ScopedLoaderResolver, RequestScopedLoader])).rejects.toThrow(
      /cannot use RequestScopedLoader, the resource loader of ScopedLoaderResolver\.addNote\(\) \(.+\)\. .*as a singleton @Injectable\(\)/,
    );
  });

  it('skips value and factory providers, whose class is not known before they are made', async () => {
    const moduleRef = await start([
      { provide: 'resolver-value', useValue: new NotesResolver() },
      { provide: 'resolver-factory', useFactory: () => new NotesResolver() },
    ]);
    expect(moduleRef.get('resolver-factory')).toBeInstanceOf(NotesResolver);
    await moduleRef.close();
  });

  it('hands out the provided loader, resolved once at start-up for every handler that names it', async () => {
    const moduleRef = await start([NotesGateway, NoteLoader]);
    const registry = moduleRef.get(ResourceLoaderRegistry);
    const lookup = jest.spyOn((registry as unknown as { moduleRef: ModuleRef }).moduleRef, 'get');
    expect(registry.get(NoteLoader)).toBe(moduleRef.get(NoteLoader));
    expect(registry.get(NoteLoader)).toBe(moduleRef.get(NoteLoader));
    expect(lookup).not.toHaveBeenCalled();
    await moduleRef.close();
  });
});
