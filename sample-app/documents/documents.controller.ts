import { Body, Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { AclService, EffectivePrincipals, Permission, PermissionResource } from 'nestjs-jwt-permissions';
import type { Document } from './document.entity';
import { toDocumentChanges } from './document-changes';
import { DocumentResource } from './document.resource';
import { DocumentsService } from './documents.service';

// The actions a client may offer on a document, each the permission it needs.
const ACTIONS = ['edit', 'delete'] as const;

/** Documents, each guarded by its own ACL and the root ACL (see `DOCUMENTS_ROOT_ACL`). */
@Controller('documents')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly acl: AclService,
  ) {}

  /** The documents the caller may view, each with the actions the caller may take on it. */
  @Get()
  @Permission('view')
  list(@EffectivePrincipals() principals: readonly string[]) {
    return this.documents
      .findAll()
      .filter((document) => this.acl.permits(principals, 'view', document).allowed)
      .map((document) => ({
        ...document,
        actions: ACTIONS.filter((action) => this.acl.permits(principals, action, document).allowed),
      }));
  }

  /** Any logged-in user may view a document (root ACL). */
  @Get(':id')
  @Permission('view', { resource: DocumentResource })
  findOne(@PermissionResource() document: Document): Document {
    return document;
  }

  /** Who may edit a document: its owner and the group `editors` (the document's ACL). */
  @Get(':id/editors')
  @Permission('view', { resource: DocumentResource })
  editors(@PermissionResource() document: Document): string[] {
    return [...this.acl.principalsAllowedByPermission(document, 'edit')];
  }

  /** The owner or an editor may edit; everyone else is refused by the document's ACL. */
  @Put(':id')
  @Permission('edit', { resource: DocumentResource })
  update(@PermissionResource() document: Document, @Body() body: unknown): Document {
    return this.documents.update(document, toDocumentChanges(body));
  }

  /** Only the group `admin` may delete (root ACL). */
  @Delete(':id')
  @HttpCode(204)
  @Permission('delete', { resource: DocumentResource })
  remove(@PermissionResource() document: Document): void {
    this.documents.remove(document);
  }
}
