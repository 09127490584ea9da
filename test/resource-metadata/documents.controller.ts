import { Controller, Get, Injectable, Put, type ExecutionContext } from '@nestjs/common';
import {
  Allow,
  Deny,
  Everyone,
  Permission,
  Scopes,
  type AclResource,
  type ResourceLoader,
} from 'nestjs-jwt-permissions';

/** A document whose own ACL refuses edit to everyone: no scope can get past it. */
class LockedDocument implements AclResource {
  readonly id = 'locked';
  readonly __acl__ = [[Deny, Everyone, 'edit'] as const, [Allow, Everyone, 'view'] as const];
}

@Injectable()
export class LockedDocumentLoader implements ResourceLoader {
  load(_request: unknown, _context: ExecutionContext): LockedDocument {
    return new LockedDocument();
  }
}

@Controller()
export class DocumentsController {
  /** view: granted by the scope documents.read or documents.write. */
  @Get('documents')
  @Permission('view')
  list() {
    return { documents: ['a', 'b'] };
  }

  /** edit: granted by the scope documents.write, or by the realm role editor (an ACL entry). */
  @Put('documents')
  @Permission('edit')
  write() {
    return { written: true };
  }

  /** edit on a document whose ACL denies it. */
  @Put('documents/locked')
  @Permission('edit', { resource: LockedDocumentLoader })
  writeLocked() {
    return { written: true };
  }

  /** A route that requires a scope itself. */
  @Get('reports')
  @Scopes('reports.read')
  reports() {
    return { reports: [] };
  }
}
