import { describeDocPage } from '../support/doc-blocks';

// docs/migration.md shows this scenario's route-by-route files in full; they run here.
describeDocPage('migration.md', 'test/passport-migration/profile.controller.ts');
