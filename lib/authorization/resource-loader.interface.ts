import type { ExecutionContext } from '@nestjs/common';

/**
 * Loads the resource a route acts on, for `@Permission('edit', { resource: DocumentResource })`.
 * Implement it as an `@Injectable()` singleton (it may inject its own services, such as a
 * repository) and list it in the `providers` of a module of the application, usually the one that
 * declares the controller: the guard finds it there through Nest's DI.
 *
 * The resource it returns is checked against its ACL (see {@link AclResource}), then handed to
 * the handler through `@PermissionResource()`, so the handler does not read it again.
 *
 * @example
 * @Injectable()
 * export class DocumentResource implements ResourceLoader<Document> {
 *   constructor(private readonly documents: DocumentsService) {}
 *   load(request: { params: { id: string } }) {
 *     return this.documents.findOne(request.params.id);
 *   }
 * }
 */
export abstract class ResourceLoader<T = unknown> {
  /**
   * The resource of this request, or `null` / `undefined` when there is none: the request is then
   * answered 404 (`NotFoundException`) before any permission is checked. It runs for anonymous
   * requests too (the resource's ACL may grant `Everyone`); `request.authenticatedUserId` is set.
   * A thrown error (a `NotFoundException` of your own, say) goes to the client unchanged.
   *
   * @param request Express's `req` or Fastify's `request`: type it as your platform's request.
   * @param context The execution context, for anything else (the handler, the class...).
   */
  abstract load(
    request: unknown,
    context: ExecutionContext,
  ): T | null | undefined | Promise<T | null | undefined>;
}
