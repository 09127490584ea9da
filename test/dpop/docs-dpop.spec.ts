import { describeDocPage } from '../support/doc-blocks';

// docs/identity-providers.md shows this scenario's token endpoint in full; it runs in dpop.e2e-spec.ts.
describeDocPage('identity-providers.md', 'test/dpop/token.controller.ts');
