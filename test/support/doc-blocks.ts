import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
// A code block that copies a file of the repository, marked by the comment just above it:
// <!-- file: test/testing-kit/app.e2e-spec.ts -->
const MARKED_BLOCK = /<!-- file: (\S+) -->\r?\n```[a-z]*\r?\n([\s\S]*?)```/g;

/** A code block of a docs page, and the repository file it copies. */
export interface DocBlock {
  readonly path: string;
  readonly code: string;
}

/** The code blocks of `docs/<page>` marked as copies of repository files, in order. */
export function markedDocBlocks(page: string): DocBlock[] {
  const markdown = readFileSync(join(ROOT, 'docs', page), 'utf8');
  return [...markdown.matchAll(MARKED_BLOCK)].map(([, path, code]) => ({ path, code }));
}

/** The text of a repository file, as a marked code block should hold it. */
export function repositoryFile(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

/**
 * Registers the specs of a docs page whose marked code blocks copy repository files: it shows
 * `required`, and each block is its file byte for byte, so the page cannot drift from code that runs.
 */
export function describeDocPage(page: string, required: string): void {
  describe(`docs/${page}`, () => {
    const blocks = markedDocBlocks(page);

    it(`shows ${required}`, () => {
      expect(blocks.map((block) => block.path)).toContain(required);
    });

    it.each(blocks.map((block) => [block.path, block] as const))('shows %s exactly as it is', (_, block) => {
      expect(block.code).toBe(repositoryFile(block.path));
    });
  });
}
