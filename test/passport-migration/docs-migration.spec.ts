import { markedDocBlocks, repositoryFile } from '../support/doc-blocks';

// docs/migration.md shows this scenario's route-by-route files in full; they run here.
describe('docs/migration.md', () => {
  const blocks = markedDocBlocks('migration.md');

  it('shows the controller half-way through the migration', () => {
    expect(blocks.map((block) => block.path)).toContain('test/passport-migration/profile.controller.ts');
  });

  it.each(blocks.map((block) => [block.path, block] as const))('shows %s exactly as it is', (_, block) => {
    expect(block.code).toBe(repositoryFile(block.path));
  });
});
