/**
 * The trusted issuers, by `iss`. The token layer asks it with the `iss` of a token it has only
 * decoded, before choosing a key: a token of an issuer it does not list is refused there, so no
 * token can make the service fetch anything from a host the configuration does not name.
 */
export class IssuerRegistry<T extends { readonly issuer: string | undefined }> {
  private readonly byIssuer: ReadonlyMap<string, T>;

  /** Indexes `issuers` by their issuer; entries without one are left out. */
  constructor(issuers: readonly T[]) {
    this.byIssuer = new Map(
      issuers.flatMap((entry) => (entry.issuer === undefined ? [] : [[entry.issuer, entry] as const])),
    );
  }

  /** The entry whose issuer is exactly `iss`; `undefined` for any other value, a non-string included. */
  find(iss: unknown): T | undefined {
    return typeof iss === 'string' ? this.byIssuer.get(iss) : undefined;
  }
}
