/** Where the token is, for a request's headers: a bare token, or `undefined` when there is none. */
export type HeaderTokenExtractor = (headers: Readonly<Record<string, unknown>>) => string | undefined;

/**
 * Builds, once at start-up, the function that reads the token from a request's headers.
 *
 * With `Authorization`, the header must be `<scheme> <token>` with a scheme in `authTypes`
 * (case-insensitive); any other scheme, or no scheme, means no token (as in pyramid_jwt, so Basic
 * credentials on the same header do not turn into a refused JWT). Any other header carries the
 * bare token. A repeated header (an array) is ambiguous and carries no token.
 */
export function createHeaderTokenExtractor(
  headerName: string,
  authTypes: ReadonlySet<string>,
): HeaderTokenExtractor {
  if (authTypes.size === 0) {
    return (headers) => {
      const value = headers[headerName];
      if (typeof value !== 'string') return undefined;
      const token = value.trim();
      return token === '' ? undefined : token;
    };
  }
  // The usual spellings ('bearer', 'Bearer') are matched in place; only another casing costs a
  // lowercased copy of the scheme.
  const usualSpellings = [...authTypes].flatMap((type) => [
    type,
    type.charAt(0).toUpperCase() + type.slice(1),
  ]);
  const isUsualSpelling = (value: string, length: number) => {
    for (const spelling of usualSpellings)
      if (spelling.length === length && value.startsWith(spelling)) return true;
    return false;
  };
  return (headers) => {
    const value = headers[headerName];
    if (typeof value !== 'string') return undefined;
    const space = value.indexOf(' ');
    if (space <= 0) return undefined;
    if (!isUsualSpelling(value, space) && !authTypes.has(value.slice(0, space).toLowerCase()))
      return undefined;
    const token = value.slice(space + 1).trim();
    return token === '' ? undefined : token;
  };
}
