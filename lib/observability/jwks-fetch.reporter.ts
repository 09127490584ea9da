import { Injectable } from '@nestjs/common';
import type { JwksFetchObserver } from '../token/jwks-fetch.observer';
import { JwtAuthEvents } from './jwt-auth-events.service';
import { JwtAuthTelemetry } from './jwt-auth.telemetry';

/** A URL as events show it: without its query string or credentials, which may be secret. */
function publicUri(uri: URL): string {
  return `${uri.origin}${uri.pathname}`;
}

/**
 * Turns what the JWK Set clients do into events (`jwksRefreshFailed`, `staleKeysInUse`) and the
 * `jwt_auth.jwks.fetches` counter. Internal: `JwtTokenService` hands it to its clients.
 */
@Injectable()
export class JwksFetchReporter implements JwksFetchObserver {
  constructor(
    private readonly events: JwtAuthEvents,
    private readonly telemetry: JwtAuthTelemetry,
  ) {}

  fetched(_uri: URL, ok: boolean): void {
    this.telemetry.jwksFetch(ok ? 'success' : 'failure');
  }

  fetchFailed(uri: URL, reason: string, message: string, keptLastGood: boolean): void {
    if (!this.events.wants('jwksRefreshFailed')) return;
    this.events.emit('jwksRefreshFailed', { uri: publicUri(uri), reason, message, keptLastGood });
  }

  staleKeysInUse(uri: URL, age: number): void {
    if (!this.events.wants('staleKeysInUse')) return;
    this.events.emit('staleKeysInUse', { uri: publicUri(uri), age });
  }
}
