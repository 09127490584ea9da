// A NestJS 12 app written as ES modules, importing the package by name.
import 'reflect-metadata';
import * as common from '@nestjs/common';
import * as core from '@nestjs/core';
import * as auth from 'nestjs-jwt-permissions';
import * as testing from 'nestjs-jwt-permissions/testing';
import { JwtAuthModule, JwtTokenService, Permission, Public } from 'nestjs-jwt-permissions';
import scenario from '../scenario.cjs';

// Named imports must resolve too, not only the namespace.
for (const exported of [
  JwtAuthModule,
  JwtTokenService,
  Permission,
  Public,
  testing.JwtAuthTesting,
  testing.TestClock,
]) {
  if (typeof exported !== 'function') throw new Error('a named export of nestjs-jwt-permissions is missing');
}
await scenario.runScenario({ common, core, auth, testing, log: (line) => console.log(`    ok  ${line}`) });
