// The hosts on which plain http is accepted for a provider's URLs, as for `jwksUri`: nothing in
// clear can be swapped in transit when it never leaves the machine.
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether `url` names this machine (`localhost`, `127.0.0.1`, `[::1]`). */
export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

/** Whether keys or metadata may be fetched from `url`: https, or plain http on loopback. */
export function isTrustedTransport(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url));
}
