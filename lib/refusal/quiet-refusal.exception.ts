import { IntrinsicException } from '@nestjs/common';
import { REFUSAL_MESSAGES } from './refusal.constants';
import type { CallRefusalCode } from './refusal-code.interface';

/**
 * A refusal thrown where Nest would otherwise log it as an unexpected error, with its stack trace
 * (GraphQL resolvers, microservice event handlers): an `IntrinsicException`, which Nest's exception
 * handlers pass on without logging, as they do an `HttpException`. A refusal is an expected outcome,
 * so its stack holds only its message: no frame reaches a client that shows stacks (Apollo outside
 * production) or a log. `debug: true` logs each refusal with its route.
 */
export class QuietRefusal extends IntrinsicException {
  /** Why the call was refused. */
  readonly code: CallRefusalCode;

  constructor(code: CallRefusalCode) {
    super(REFUSAL_MESSAGES[code]);
    this.name = 'QuietRefusal';
    this.code = code;
    this.stack = `${this.name}: ${this.message}`;
  }
}
