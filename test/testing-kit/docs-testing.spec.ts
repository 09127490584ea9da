import { markedDocBlocks, repositoryFile } from '../support/doc-blocks';

// docs/testing.md shows the files of this scenario in full; they are run here, so the guide's
// example cannot drift from code that passes.
describe('docs/testing.md', () => {
  const blocks = markedDocBlocks('testing.md');

  it('shows the e2e spec that runs in this scenario', () => {
    expect(blocks.map((block) => block.path)).toContain('test/testing-kit/app.e2e-spec.ts');
  });

  it.each(blocks.map((block) => [block.path, block] as const))('shows %s exactly as it is', (_, block) => {
    expect(block.code).toBe(repositoryFile(block.path));
  });
});
