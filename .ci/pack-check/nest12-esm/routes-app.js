// An application module written as an ES module, for `nestjs-jwt-permissions routes --module`.
// Plain JavaScript: decorators are applied as functions.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Controller, Get, Module } from '@nestjs/common';
import { JwtAuthModule, Permission, Public } from 'nestjs-jwt-permissions';

export class ItemsController {
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

export class AppModule {}
Module({ imports: [JwtAuthModule.forRoot({ secret: randomBytes(64) })], controllers: [ItemsController] })(AppModule);
