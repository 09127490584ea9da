import type { AbstractHttpAdapter } from '@nestjs/core';
import { defineRequestDataAccessors, REQUEST_IDENTITY_KEYS } from './request-identity.store';

/** The part of a Fastify instance that declares request properties. */
interface RequestDecorating {
  decorateRequest(name: string | symbol, value: undefined): unknown;
  hasRequestDecorator(name: string | symbol): boolean;
}

/**
 * Readies the HTTP adapter's requests, once at start-up, to carry the identity the guard keeps on
 * them, without changing their hidden class on each request: on Express, accessors on the
 * prototype of every request; on Fastify, request decorators, so that every request is built with
 * the properties (an undefined value: no identity yet). Elsewhere, or on a Fastify instance that
 * has already started, the guard adds the properties per request, as it may on any object.
 */
export function prepareRequests(adapter: AbstractHttpAdapter | undefined): void {
  switch (adapter?.getType()) {
    case 'express': {
      const prototype: unknown = adapter.getInstance<{ request?: unknown } | undefined>()?.request;
      if (typeof prototype === 'object' && prototype !== null) defineRequestDataAccessors(prototype);
      return;
    }
    case 'fastify': {
      const instance = adapter.getInstance<Partial<RequestDecorating> | undefined>();
      if (
        typeof instance?.decorateRequest !== 'function' ||
        typeof instance.hasRequestDecorator !== 'function'
      )
        return;
      for (const key of REQUEST_IDENTITY_KEYS) {
        if (instance.hasRequestDecorator(key)) continue;
        try {
          instance.decorateRequest(key, undefined);
        } catch {
          return; // started already: the properties are added per request instead
        }
      }
      return;
    }
  }
}
