import { Reflector } from '@nestjs/core';
import { Authenticated, PERMISSION_METADATA, PERMISSION_RESOURCE_METADATA } from '../jwt-auth.constants';
import { Permission } from './permission.decorator';
import type { ResourceLoader } from './resource-loader.interface';

class DocumentResource implements ResourceLoader {
  load() {
    return {};
  }
}

@Permission('view', { resource: DocumentResource })
class DocumentsController {
  read() {}

  @Permission('admin')
  purge() {}
}

const reflector = new Reflector();
const read = (key: string, method: 'read' | 'purge') =>
  reflector.getAllAndOverride(key, [DocumentsController.prototype[method], DocumentsController]);

describe('@Permission', () => {
  it('stores the normalised permission name, as before resources existed', () => {
    class Controller {
      @Permission('Authenticated')
      handler() {}
    }
    expect(reflector.get(PERMISSION_METADATA, Controller.prototype.handler)).toEqual([Authenticated]);
  });

  it('stores the resource loader class beside the permission', () => {
    expect(read(PERMISSION_RESOURCE_METADATA, 'read')).toBe(DocumentResource);
  });

  it("lets a handler's @Permission without a resource override its controller's resource", () => {
    expect(read(PERMISSION_METADATA, 'purge')).toEqual(['admin']);
    expect(read(PERMISSION_RESOURCE_METADATA, 'purge')).toBeNull();
  });

  it('stores several permissions, normalised, without repeats', () => {
    class Controller {
      @Permission(['edit', 'Authenticated', 'edit'])
      handler() {}
    }
    expect(reflector.get(PERMISSION_METADATA, Controller.prototype.handler)).toEqual(['edit', Authenticated]);
  });

  it('refuses an empty list at compile time and at run time', () => {
    // @ts-expect-error a PermissionList has at least one permission
    expect(() => Permission([])).toThrow(TypeError);
  });

  it('refuses a list holding something other than permission names', () => {
    // @ts-expect-error a PermissionList holds strings
    expect(() => Permission(['edit', 42])).toThrow(TypeError);
    expect(() => Permission(['edit', ''])).toThrow(TypeError);
  });

  it('refuses a resource that is not a class', () => {
    expect(() => Permission('edit', { resource: 'DocumentResource' as never })).toThrow(TypeError);
  });
});
