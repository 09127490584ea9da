// The scenario's application module, exported from an ES module for `nestjs-jwt-permissions routes --module`.
import 'reflect-metadata';
import * as common from '@nestjs/common';
import * as auth from 'nestjs-jwt-permissions';
import scenario from '../scenario.cjs';

export const { AppModule } = scenario.defineApp({ common, auth });
