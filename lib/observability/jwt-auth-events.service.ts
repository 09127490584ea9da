import { Injectable, Logger, Optional, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { EventEmitter } from 'node:events';
import { loadOptionalPackageIfInstalled } from '../refusal/optional-package.util';
import {
  JWT_AUTH_EVENT_NAMES,
  NEST_EVENT_PREFIX,
  type JwtAuthEventMap,
  type JwtAuthEventName,
} from './jwt-auth.events';

/** What this service uses of `@nestjs/event-emitter`'s `EventEmitter2`. */
interface NestEventEmitter {
  emit(event: string, ...values: unknown[]): boolean;
  hasListeners(event?: string): boolean;
}

type Listener<K extends JwtAuthEventName> = (event: JwtAuthEventMap[K]) => void;

/**
 * The library's events: every authentication decision (`authenticated`, `refused`,
 * `permissionDenied`) and what the library does on its own (`tokenRevoked`, `refreshTokenReused`,
 * `jwksRefreshFailed`, `staleKeysInUse`, `cookieReissued`, `csrfFailed`); see
 * {@link JwtAuthEventMap}. Inject it and subscribe:
 *
 * ```ts
 * constructor(events: JwtAuthEvents) {
 *   events.on('refused', ({ code, route, userId }) => this.audit.write({ code, route, userId }));
 * }
 * ```
 *
 * When the application imports `EventEmitterModule` from `@nestjs/event-emitter`, each event is
 * also emitted there as `jwt-auth.<name>`, for `@OnEvent('jwt-auth.refused')`.
 *
 * Listeners are called synchronously, during the request: keep them quick, and hand slow work
 * (a database write) to a queue. An error a listener throws is logged, never passed to the
 * request. No event carries a token or a key. An event nobody listens to is not even built.
 */
@Injectable()
export class JwtAuthEvents implements OnModuleInit {
  private readonly logger = new Logger('JwtAuth');
  private readonly emitter = new EventEmitter();
  // Whether each event has a listener here: read on every emit, so kept as plain booleans.
  private readonly listened = Object.fromEntries(JWT_AUTH_EVENT_NAMES.map((name) => [name, false])) as Record<
    JwtAuthEventName,
    boolean
  >;
  private bridge: NestEventEmitter | undefined;

  constructor(@Optional() private readonly moduleRef?: ModuleRef) {}

  /** Finds `@nestjs/event-emitter`'s emitter, when the application has one. */
  onModuleInit(): void {
    this.bridge = this.findNestEventEmitter();
  }

  /** Calls `listener` with each `name` event; returns a function that unsubscribes it. */
  on<K extends JwtAuthEventName>(name: K, listener: Listener<K>): () => void {
    this.emitter.on(name, listener);
    this.listened[name] = true;
    return () => this.off(name, listener);
  }

  /** Stops calling `listener` with `name` events. */
  off<K extends JwtAuthEventName>(name: K, listener: Listener<K>): void {
    this.emitter.off(name, listener);
    this.listened[name] = this.emitter.listenerCount(name) > 0;
  }

  /**
   * Whether a `name` event would reach anyone: a listener here or on `@nestjs/event-emitter`.
   * The library asks before it builds an event.
   */
  wants(name: JwtAuthEventName): boolean {
    return (
      this.listened[name] || (this.bridge !== undefined && this.bridge.hasListeners(NEST_EVENT_PREFIX + name))
    );
  }

  /**
   * Emits an event to the listeners here and on `@nestjs/event-emitter`. For the library's own
   * use; an application may emit too (in a test, say). A listener's error is logged, not thrown.
   */
  emit<K extends JwtAuthEventName>(name: K, event: JwtAuthEventMap[K]): void {
    if (this.listened[name]) {
      for (const listener of this.emitter.listeners(name) as Listener<K>[]) this.call(name, listener, event);
    }
    if (this.bridge !== undefined) {
      try {
        this.bridge.emit(NEST_EVENT_PREFIX + name, event);
      } catch (error) {
        this.listenerFailed(name, error);
      }
    }
  }

  private call<K extends JwtAuthEventName>(name: K, listener: Listener<K>, event: JwtAuthEventMap[K]): void {
    try {
      const result: unknown = listener(event);
      // An async listener's rejection is logged too, rather than left unhandled.
      if (result instanceof Promise) result.catch((error: unknown) => this.listenerFailed(name, error));
    } catch (error) {
      this.listenerFailed(name, error);
    }
  }

  private listenerFailed(name: JwtAuthEventName, error: unknown): void {
    this.logger.error(
      `a listener of the "${name}" event failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }

  // EventEmitter2 is the injection token of @nestjs/event-emitter's emitter; the package is
  // optional, so it is looked up only when installed, and only in the application's container.
  private findNestEventEmitter(): NestEventEmitter | undefined {
    const nestEvents = loadOptionalPackageIfInstalled<{ EventEmitter2?: abstract new () => unknown }>(
      '@nestjs/event-emitter',
    );
    const token = nestEvents?.EventEmitter2;
    if (token === undefined || this.moduleRef === undefined) return undefined;
    try {
      return this.moduleRef.get<unknown, NestEventEmitter>(token, { strict: false });
    } catch {
      return undefined; // installed, but the application did not import EventEmitterModule
    }
  }
}
