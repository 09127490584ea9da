import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import type { Platform } from './platforms';

/** The GraphQL drivers the GraphQL scenarios run on: Apollo on both platforms, Mercurius on Fastify. */
export type GraphqlDriver = 'apollo' | 'mercurius';

/**
 * Every GraphQL driver on every platform it supports, as `describe.each` rows
 * `[title, platform, driver]` (`%s` takes the title).
 */
export const GRAPHQL_PLATFORMS = [
  ['Apollo on Express', 'express', 'apollo'],
  ['Apollo on Fastify', 'fastify', 'apollo'],
  ['Mercurius on Fastify', 'fastify', 'mercurius'],
] as const satisfies ReadonlyArray<readonly [string, Platform, GraphqlDriver]>;

/** What a scenario may set on the GraphQL module, whichever the driver. */
export interface GraphqlModuleOptions {
  /** Nest's `fieldResolverEnhancers`: `['guards']` runs guards on `@ResolveField()` methods. */
  fieldResolverEnhancers?: Array<'guards' | 'interceptors' | 'filters'>;
  /** The GraphQL context, from the driver's own arguments (Apollo: request, reply; Mercurius: request, reply). */
  context?: (request: unknown, reply: unknown) => object;
}

/** `GraphQLModule.forRoot` with a code-first schema, on `driver`. */
export function graphqlModule(driver: GraphqlDriver, options: GraphqlModuleOptions = {}): DynamicModule {
  return driver === 'mercurius'
    ? GraphQLModule.forRoot<MercuriusDriverConfig>({
        driver: MercuriusDriver,
        autoSchemaFile: true,
        ...options,
      })
    : GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, autoSchemaFile: true, ...options });
}
