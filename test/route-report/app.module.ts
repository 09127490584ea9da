import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { randomBytes } from 'node:crypto';
import { JwtAuthModule, type JwtAuthModuleOptions } from 'nestjs-jwt-permissions';
import { NotesResolver } from '../graphql/notes.resolver';
import { EventsGateway } from '../websockets/events.gateway';
import { OrdersController } from '../microservices/orders.controller';
import {
  AdminModule,
  BillingHandlers,
  HealthController,
  ItemResource,
  ItemsController,
  ReportsController,
} from './catalogue.controllers';

/**
 * Every kind of route the report lists, in one application: HTTP controllers (one under a
 * `RouterModule` path), the GraphQL scenario's resolver, the WebSockets scenario's gateway and the
 * microservices scenario's handlers, plus handlers of its own.
 */
@Module({})
export class RouteReportAppModule {
  static on(options: JwtAuthModuleOptions = {}, graphql: Partial<ApolloDriverConfig> = {}): DynamicModule {
    return {
      module: RouteReportAppModule,
      imports: [
        JwtAuthModule.forRoot({ secret: randomBytes(64), ...options }),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          autoSchemaFile: true,
          fieldResolverEnhancers: ['guards'],
          ...graphql,
        }),
        AdminModule,
        RouterModule.register([{ path: 'admin', module: AdminModule }]),
      ],
      controllers: [ItemsController, ReportsController, HealthController, OrdersController, BillingHandlers],
      providers: [ItemResource, NotesResolver, EventsGateway],
    };
  }
}
