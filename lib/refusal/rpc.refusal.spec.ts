import { IntrinsicException } from '@nestjs/common';
import { EventPattern, MessagePattern, RpcException } from '@nestjs/microservices';
import { QuietRefusal } from './quiet-refusal.exception';
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

describe('rpcRefusal of an event', () => {
  it('is a QuietRefusal, which Nest does not log, rather than an RpcException nobody receives', () => {
    class Handlers {
      @EventPattern('audit')
      audit(_data: unknown) {}

      @MessagePattern('whoami')
      whoami(_data: unknown) {}
    }
    expect(rpcRefusal('token_missing', Handlers.prototype.audit)).toBeInstanceOf(QuietRefusal);
    expect(rpcRefusal('token_missing', Handlers.prototype.audit)).toBeInstanceOf(IntrinsicException);
    expect(rpcRefusal('token_missing', Handlers.prototype.whoami)).toBeInstanceOf(RpcException);
  });
});
