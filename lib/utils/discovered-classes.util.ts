import type { Type } from '@nestjs/common';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';

/**
 * The classes of `wrappers` (controllers or providers, as `DiscoveryService` lists them), each once
 * with the first wrapper that declares it: a class provided by two modules has one set of handlers.
 * Value and factory providers are left out: what they make is not a class Nest knows before it is made.
 */
export function discoveredClasses(wrappers: Iterable<InstanceWrapper>): Map<Type<unknown>, InstanceWrapper> {
  const classes = new Map<Type<unknown>, InstanceWrapper>();
  for (const wrapper of wrappers) {
    const type = wrapper.metatype;
    // A factory's (or useExisting's) metatype is the factory function: `inject` tells them apart.
    if (typeof type !== 'function' || wrapper.inject || classes.has(type as Type<unknown>)) continue;
    classes.set(type as Type<unknown>, wrapper);
  }
  return classes;
}
