import { Module } from '@nestjs/common';
import { DocumentResource } from './document.resource';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';

/**
 * The documents feature: `GET /documents`, `GET|PUT|DELETE /documents/:id`. Needs
 * `JwtAuthModule.forRoot({ acl: DOCUMENTS_ROOT_ACL })` (or an ACL that includes it) in the root module.
 * `DocumentResource` is listed here, with its dependency: the guard finds it through Nest's DI.
 */
@Module({
  controllers: [DocumentsController],
  providers: [DocumentsService, DocumentResource],
})
export class DocumentsModule {}
