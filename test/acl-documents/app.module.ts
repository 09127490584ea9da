import { Module } from '@nestjs/common';
import { JwtAuthModule } from 'nestjs-jwt-permissions';
import { DocumentsModule, DOCUMENTS_ROOT_ACL } from '../../sample-app/documents';
import { DocumentsController } from '../../sample-app/documents/documents.controller';
import { DocumentsService } from '../../sample-app/documents/documents.service';
import { UsersGroupFinder } from './users.group-finder';

export const SECRET = 'acl-documents-scenario-secret-'.repeat(3);

/** The sample app's documents feature, wired as the sample app's root module does. */
@Module({
  imports: [
    JwtAuthModule.forRoot({ secret: SECRET, acl: DOCUMENTS_ROOT_ACL, groupFinder: UsersGroupFinder }),
    DocumentsModule,
  ],
})
export class AclDocumentsAppModule {}

/** The documents controller without its resource loader among the providers: must not start. */
@Module({
  imports: [JwtAuthModule.forRoot({ secret: SECRET, acl: DOCUMENTS_ROOT_ACL })],
  controllers: [DocumentsController],
  providers: [DocumentsService],
})
export class MissingLoaderAppModule {}
