'use strict';
// A NestJS 11 app written in CommonJS, requiring the package by name.
require('reflect-metadata');
const { runScenario } = require('../scenario.cjs');

runScenario({
  common: require('@nestjs/common'),
  core: require('@nestjs/core'),
  auth: require('nestjs-jwt-permissions'),
  testing: require('nestjs-jwt-permissions/testing'),
  log: (line) => console.log(`    ok  ${line}`),
}).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
