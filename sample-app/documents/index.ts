// The documents feature of the sample app, for its root module.
export { DocumentsModule } from './documents.module';
export { DOCUMENTS_ROOT_ACL } from './documents.acl';
