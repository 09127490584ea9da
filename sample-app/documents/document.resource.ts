import { Injectable } from '@nestjs/common';
import type { ResourceLoader } from 'nestjs-jwt-permissions';
import type { Document } from './document.entity';
import { DocumentsService } from './documents.service';

/**
 * Loads the document of `/documents/:id` for `@Permission(..., { resource: DocumentResource })`:
 * the guard checks the permission against its ACL, then hands it to the handler.
 * An unknown id gives `undefined`, which the guard answers with 404.
 */
@Injectable()
export class DocumentResource implements ResourceLoader<Document> {
  constructor(private readonly documents: DocumentsService) {}

  load(request: { params: { id: string } }): Document | undefined {
    return this.documents.findOne(request.params.id);
  }
}
