import { Module } from '@nestjs/common';
import { Allow, Everyone } from 'nestjs-jwt-permissions';
import { RouteReportAppModule } from '../route-report/app.module';

/** The route report scenario as an application's root module, for `routes --module`. */
@Module({ imports: [RouteReportAppModule.on({ acl: [[Allow, Everyone, 'read']] })] })
export class AppModule {}

/** A module that does not import JwtAuthModule. */
@Module({})
export class UnauthenticatedModule {}
