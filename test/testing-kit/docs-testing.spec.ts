import { describeDocPage } from '../support/doc-blocks';

// docs/testing.md shows the files of this scenario in full; they run here.
describeDocPage('testing.md', 'test/testing-kit/app.e2e-spec.ts');
