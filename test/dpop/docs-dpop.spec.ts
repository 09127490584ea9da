import { describeDocPage } from '../support/doc-blocks';

// docs/dpop.md shows this scenario's token endpoint in full; it runs in dpop.e2e-spec.ts.
describeDocPage('dpop.md', 'test/dpop/token.controller.ts');
