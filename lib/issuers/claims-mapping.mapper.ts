import type { ResolvedClaimMapping } from './claims-mapping.options';

/**
 * Turns a verified token's claims into principals. Never throws: a claim that is absent, or holds
 * something other than strings, adds nothing.
 */
export type ClaimsMapper = (claims: Readonly<Record<string, unknown>>) => readonly string[];

const NO_PRINCIPALS: readonly string[] = Object.freeze([]);

// Own properties only: a claim path such as `constructor` or `__proto__` must find nothing.
function valueAt(claims: unknown, path: readonly string[]): unknown {
  let node = claims;
  for (let i = 0; i < path.length; i++) {
    if (typeof node !== 'object' || node === null || Array.isArray(node) || !Object.hasOwn(node, path[i]))
      return undefined;
    node = (node as Record<string, unknown>)[path[i]];
  }
  return node;
}

function add(principals: Set<string>, value: unknown, prefix: string): void {
  if (typeof value === 'string' && value !== '') principals.add(prefix + value);
}

/**
 * Compiles validated mappings, once at start-up, into a {@link ClaimsMapper}. Its principals keep the
 * order of the mappings and of each claim's values, without repeats.
 */
export function compileClaimsMapper(mappings: readonly ResolvedClaimMapping[]): ClaimsMapper {
  if (mappings.length === 0) return () => NO_PRINCIPALS;
  return (claims) => {
    const principals = new Set<string>();
    for (const mapping of mappings) {
      const value = valueAt(claims, mapping.path);
      if (Array.isArray(value)) {
        for (const item of value) add(principals, item, mapping.prefix);
      } else if (typeof value === 'string') {
        if (mapping.spaceSeparated)
          for (const part of value.split(' ')) add(principals, part, mapping.prefix);
        else add(principals, value, mapping.prefix);
      }
    }
    return principals.size === 0 ? NO_PRINCIPALS : [...principals];
  };
}
