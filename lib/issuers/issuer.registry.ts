import type { ResolvedIssuer } from './issuer.options';

/**
 * The trusted issuers, by `iss`. The token layer asks it with the `iss` of a token it has only
 * decoded, before choosing a key: a token of an issuer it does not list is refused there, so no
 * token can make the service fetch anything from a host the configuration does not name.
 */
export class IssuerRegistry {
  private readonly byIssuer: ReadonlyMap<string, ResolvedIssuer>;

  constructor(issuers: readonly ResolvedIssuer[]) {
    this.byIssuer = new Map(issuers.map((entry) => [entry.issuer, entry]));
  }

  /** The entry whose issuer is exactly `iss`; `undefined` for any other value, a non-string included. */
  find(iss: unknown): ResolvedIssuer | undefined {
    return typeof iss === 'string' ? this.byIssuer.get(iss) : undefined;
  }
}
