import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

// Every relative link of the project's Markdown pages leads to a file that exists and, when it
// names a heading (#anchor), to a heading of that page: the guides move and get renamed, and a
// broken link is found here rather than by a reader.

const ROOT = join(__dirname, '..', '..');
const PAGES = [
  'README.md',
  'CHANGELOG.md',
  'SECURITY.md',
  'bench/README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
  // The provider guides, one folder down.
  ...readdirSync(join(ROOT, 'docs', 'providers'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/providers/${name}`),
].filter((page) => existsSync(join(ROOT, page)));

const FENCED_BLOCK = /^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm;
const INLINE_CODE = /`[^`\n]*`/g;
const LINK = /\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

/** The Markdown of `page` without its code, where brackets and parentheses are not links. */
function prose(page: string): string {
  return readFileSync(join(ROOT, page), 'utf8').replace(FENCED_BLOCK, '').replace(INLINE_CODE, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  const text = heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{N}\p{M}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** The anchors of a page's headings, numbered as GitHub numbers repeated ones (`-1`, `-2`). */
function anchorsOf(page: string): Set<string> {
  const markdown = readFileSync(join(ROOT, page), 'utf8').replace(FENCED_BLOCK, '');
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of markdown.matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Each relative link of `page`: its target as written and the repository path it resolves to. */
function linksOf(page: string): { target: string; path: string; anchor: string | undefined }[] {
  return [...prose(page).matchAll(LINK)]
    .map(([, target]) => target)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
    .map((target) => {
      const [file, anchor] = target.split('#', 2) as [string, string | undefined];
      const path = file === '' ? page : relative(ROOT, join(ROOT, dirname(page), decodeURIComponent(file)));
      return { target, path, anchor };
    });
}

describe.each(PAGES)('the links of %s', (page) => {
  const links = linksOf(page);

  it('lead to files of the repository', () => {
    const missing = links.filter(({ path }) => !existsSync(join(ROOT, path))).map(({ target }) => target);
    expect(missing).toEqual([]);
  });

  it('name headings that their page has', () => {
    const broken = links
      .filter(
        ({ path, anchor }) => anchor !== undefined && path.endsWith('.md') && existsSync(join(ROOT, path)),
      )
      .filter(({ path }) => statSync(join(ROOT, path)).isFile())
      .filter(({ path, anchor }) => !anchorsOf(path).has(anchor!))
      .map(({ target }) => target);
    expect(broken).toEqual([]);
  });
});
