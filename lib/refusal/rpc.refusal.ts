import { loadOptionalPackage } from './optional-package.util';
import { QuietRefusal } from './quiet-refusal.exception';
import { REFUSAL_MESSAGES } from './refusal.constants';
import type { CallRefusalCode } from './refusal-code.interface';

// @nestjs/microservices' PATTERN_HANDLER_METADATA and PatternHandler.EVENT, spelled out so that
// reading them needs no import of the package.
const HANDLER_TYPE_METADATA = 'microservices:handler_type';
const EVENT_HANDLER = 2;

/**
 * A refused microservice message at the edge: an `RpcException` whose error, `{ status: 'error',
 * code, message }`, is what the `ClientProxy` caller's observable errors with. An event
 * (`@EventPattern`) has no caller to answer, and Nest logs an `RpcException` thrown there as an
 * error: its refusal is a `QuietRefusal` instead.
 */
export function rpcRefusal(code: CallRefusalCode, handler?: Function): Error {
  if (handler !== undefined && Reflect.getMetadata(HANDLER_TYPE_METADATA, handler) === EVENT_HANDLER) {
    return new QuietRefusal(code);
  }
  const { RpcException } = loadOptionalPackage<typeof import('@nestjs/microservices')>(
    '@nestjs/microservices',
    'Refusing a microservice message',
  );
  return new RpcException({ status: 'error', code, message: REFUSAL_MESSAGES[code] });
}
