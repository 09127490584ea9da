import type { Type } from '@nestjs/common';
import type { MetadataScanner } from '@nestjs/core';

/** The methods a class declares and inherits, each with its name: where route handlers are found. */
export function classMethods(scanner: MetadataScanner, type: Type<unknown>): Array<[string, Function]> {
  const prototype = type.prototype as Record<string, Function>;
  return scanner.getAllMethodNames(prototype).map((name) => [name, prototype[name]]);
}
