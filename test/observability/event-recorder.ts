import type { INestApplicationContext } from '@nestjs/common';
import { JwtAuthEvents, type JwtAuthEventMap } from 'nestjs-jwt-permissions';
import { JWT_AUTH_EVENT_NAMES } from '../../lib/observability/jwt-auth.events';

/** An event as a listener heard it: its name and its value. */
export type RecordedEvent = {
  [K in keyof JwtAuthEventMap]: [K, JwtAuthEventMap[K]];
}[keyof JwtAuthEventMap];

/**
 * Subscribes to every event of the application's emitter; returns what it heard, in order, and a
 * function that unsubscribes.
 */
export function recordEvents(app: INestApplicationContext): { heard: RecordedEvent[]; stop: () => void } {
  const heard: RecordedEvent[] = [];
  const events = app.get(JwtAuthEvents);
  const stops = JWT_AUTH_EVENT_NAMES.map((name) =>
    events.on(name, (event) => heard.push([name, event] as RecordedEvent)),
  );
  return { heard, stop: () => stops.forEach((stop) => stop()) };
}

/**
 * Fails when any event, serialised, contains one of `secrets`: a token (checked whole and by its
 * signature alone), a CSRF token, a signing secret.
 */
export function expectNoSecretIn(heard: readonly RecordedEvent[], secrets: readonly string[]): void {
  const serialised = JSON.stringify(heard);
  for (const secret of secrets) {
    expect(serialised).not.toContain(secret);
    const signature = secret.split('.')[2];
    if (signature !== undefined) expect(serialised).not.toContain(signature);
  }
}
