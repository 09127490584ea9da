import { RpcException } from '@nestjs/microservices';
import { rpcRefusal } from './rpc.refusal';

describe('rpcRefusal', () => {
  it('is an RpcException, so that Nest hands its error to the caller instead of "Internal server error"', () => {
    expect(rpcRefusal('token_missing')).toBeInstanceOf(RpcException);
  });

  it('carries the status, the refusal code and its message', () => {
    const exception = rpcRefusal('permission_denied') as RpcException;
    expect(exception.getError()).toEqual({
      status: 'error',
      code: 'permission_denied',
      message: 'The access token does not grant the permission this request needs',
    });
  });
});
