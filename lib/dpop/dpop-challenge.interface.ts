/** What a refusal's `DPoP` challenge needs (RFC 9449 §7.1): built once, when DPoP is on. */
export interface DpopChallenge {
  /** The accepted proof algorithms, space-separated: the challenge's `algs`. */
  readonly algs: string;
  /** A fresh nonce for the `DPoP-Nonce` header, when nonces are on. */
  readonly nonce: (() => string) | undefined;
}
