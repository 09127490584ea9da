import type { ExecutionContext } from '@nestjs/common';
import { resolveJwtAuthOptions, type JwtAuthOptions } from '../jwt-auth.options';
import { getRpcCarrier, readRpcToken } from './rpc.transport';
import { createTokenReaders } from './token-readers.factory';

const SECRET = 'x'.repeat(64);
const readers = (options: JwtAuthOptions = {}) =>
  createTokenReaders(resolveJwtAuthOptions({ secret: SECRET, ...options }));

/** The execution context of a microservice message, as far as the transport reads it. */
function rpcCall(data: unknown, rpcContext?: unknown): ExecutionContext {
  const args = [data, rpcContext];
  return {
    getArgs: () => args,
    switchToRpc: () => ({ getData: () => data, getContext: () => rpcContext }),
  } as unknown as ExecutionContext;
}

const withMetadata = (metadata: unknown) => ({ getMetadata: () => metadata });

describe('readRpcToken', () => {
  it('reads the access_token field of the payload', () => {
    expect(readRpcToken(rpcCall({ access_token: 'p.p.p' }), readers())).toBe('p.p.p');
  });

  it('reads the payload field named by rpcTokenField', () => {
    expect(readRpcToken(rpcCall({ jwt: 'p.p.p' }), readers({ rpcTokenField: 'jwt' }))).toBe('p.p.p');
  });

  it('ignores the payload when rpcTokenField is false', () => {
    expect(
      readRpcToken(rpcCall({ access_token: 'p.p.p' }), readers({ rpcTokenField: false })),
    ).toBeUndefined();
  });

  it('finds no token in a payload that is not an object', () => {
    expect(readRpcToken(rpcCall('p.p.p'), readers())).toBeUndefined();
    expect(readRpcToken(rpcCall(null), readers())).toBeUndefined();
  });

  it('reads the authorization metadata of the packet as a header', () => {
    expect(readRpcToken(rpcCall({}, withMetadata({ authorization: 'Bearer m.m.m' })), readers())).toBe(
      'm.m.m',
    );
  });

  it('prefers the metadata to the payload field', () => {
    const call = rpcCall({ access_token: 'p.p.p' }, withMetadata({ authorization: 'Bearer m.m.m' }));
    expect(readRpcToken(call, readers())).toBe('m.m.m');
  });

  it('falls back to the payload field when the packet has no metadata', () => {
    expect(readRpcToken(rpcCall({ access_token: 'p.p.p' }, withMetadata(undefined)), readers())).toBe(
      'p.p.p',
    );
  });
});

describe('getRpcCarrier', () => {
  it('keeps the identity on the RPC context of the message', () => {
    const rpcContext = { pattern: 'whoami' };
    expect(getRpcCarrier(rpcCall({}, rpcContext))).toBe(rpcContext);
  });

  it('keeps it on the call arguments when the transport gives no context', () => {
    const call = rpcCall({});
    expect(getRpcCarrier(call)).toBe(call.getArgs());
  });
});
