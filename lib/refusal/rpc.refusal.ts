import { loadOptionalPackage } from './optional-package.util';
import { REFUSAL_MESSAGES, type RefusalCode } from './refusal.constants';

/**
 * A refused microservice message at the edge: an `RpcException` whose error, `{ status: 'error',
 * code, message }`, is what the `ClientProxy` caller's observable errors with.
 */
export function rpcRefusal(code: RefusalCode): Error {
  const { RpcException } = loadOptionalPackage<typeof import('@nestjs/microservices')>(
    '@nestjs/microservices',
    'Refusing a microservice message',
  );
  return new RpcException({ status: 'error', code, message: REFUSAL_MESSAGES[code] });
}
