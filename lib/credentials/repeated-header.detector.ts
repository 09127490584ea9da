/** The raw header lines of an HTTP request: Express's `req`, or Fastify's `request` (its `raw`). */
export interface RequestWithRawHeaders {
  readonly headers?: unknown;
  readonly rawHeaders?: unknown;
  readonly raw?: { readonly rawHeaders?: unknown };
}

/** Whether a request carries the token header on more than one line. */
export type RepeatedHeaderDetector = (request: RequestWithRawHeaders) => boolean;

/**
 * Builds, once at start-up, the check for a token header sent more than once. Node keeps only the
 * first `Authorization` line in `request.headers` (and joins other repeated headers with commas),
 * while a proxy may read the last: the app and the proxy would disagree on who the caller is. The
 * raw lines are read only when the header is there at all, and the usual spellings of its name are
 * compared without lowercasing a copy.
 *
 * @param name the header's name, lower-cased as in `request.headers`
 */
export function createRepeatedHeaderDetector(name: string): RepeatedHeaderDetector {
  const capitalized = name.replace(
    /(^|-)([a-z])/g,
    (_, dash: string, letter: string) => dash + letter.toUpperCase(),
  );
  const isName = (field: string) =>
    field === capitalized || field === name || (field.length === name.length && field.toLowerCase() === name);
  return (request) => {
    const headers = request.headers as Record<string, unknown> | undefined;
    if (headers?.[name] === undefined) return false;
    const raw = request.rawHeaders ?? request.raw?.rawHeaders;
    if (!Array.isArray(raw)) return false;
    let seen = false;
    for (let i = 0; i < raw.length; i += 2) {
      const field: unknown = raw[i];
      if (typeof field !== 'string' || !isName(field)) continue;
      if (seen) return true;
      seen = true;
    }
    return false;
  };
}
