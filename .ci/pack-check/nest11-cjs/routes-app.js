'use strict';
// An application module written as CommonJS, for `nestjs-jwt-permissions routes --module`.
// Plain JavaScript: decorators are applied as functions.
require('reflect-metadata');
const { randomBytes } = require('node:crypto');
const { Controller, Get, Module } = require('@nestjs/common');
const { JwtAuthModule, Permission, Public } = require('nestjs-jwt-permissions');

class ItemsController {
  open() {}
  admin() {}
}
Controller('items')(ItemsController);
for (const [name, ...decorators] of [
  ['open', Get('open'), Public()],
  ['admin', Get('admin'), Permission('admin')],
]) {
  const descriptor = Object.getOwnPropertyDescriptor(ItemsController.prototype, name);
  for (const decorator of decorators) decorator(ItemsController.prototype, name, descriptor);
}

class AppModule {}
Module({ imports: [JwtAuthModule.forRoot({ secret: randomBytes(64) })], controllers: [ItemsController] })(AppModule);

module.exports = { AppModule, ItemsController };
