'use strict';
// The scenario's application module, exported from CommonJS for `nestjs-jwt-permissions routes --module`.
require('reflect-metadata');
const { defineApp } = require('../scenario.cjs');

module.exports = defineApp({ common: require('@nestjs/common'), auth: require('nestjs-jwt-permissions') });
