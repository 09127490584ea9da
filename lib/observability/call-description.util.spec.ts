import type { ExecutionContext } from '@nestjs/common';
import { graphqlWsConnectionContext } from '../credentials/graphql-ws.transport';
import { wsConnectionContext } from '../credentials/ws.transport';
import { describeCallOf } from './call-description.util';

class NotesController {
  list(): void {}
}

/** An execution context as Nest makes it for a call of `NotesController.list` on `type`. */
function callContext(type: string, request: object = {}): ExecutionContext {
  return {
    getType: () => type,
    getHandler: () => NotesController.prototype.list,
    getClass: () => NotesController,
    getArgs: () => [request],
    getArgByIndex: (index: number) => [request][index],
    switchToHttp: () => ({ getRequest: () => request }),
    switchToWs: () => ({ getClient: () => request }),
    switchToRpc: () => ({ getContext: () => request }),
  } as unknown as ExecutionContext;
}

describe('describeCallOf', () => {
  it('describes an HTTP call by its handler and its route, without the query string', () => {
    expect(describeCallOf(callContext('http', { method: 'GET', url: '/notes?access_token=x' }))).toEqual({
      transport: 'http',
      handler: 'NotesController.list',
      route: 'GET /notes',
    });
  });

  it.each(['graphql', 'ws', 'rpc'])('describes a %s call by its transport and its handler', (type) => {
    expect(describeCallOf(callContext(type))).toEqual({
      transport: type,
      handler: 'NotesController.list',
      route: undefined,
    });
  });

  it('describes a graphql-ws connection at connection_init as (connection), without asking for its handler', () => {
    const connection = { connectionInitReceived: true, acknowledged: false, subscriptions: {} };
    expect(describeCallOf(graphqlWsConnectionContext(connection))).toEqual({
      transport: 'graphql',
      handler: '(connection)',
      route: undefined,
    });
  });

  it('describes a WebSocket connection authenticated as it opens as (connection)', () => {
    expect(describeCallOf(wsConnectionContext({}))).toEqual({
      transport: 'ws',
      handler: '(connection)',
      route: undefined,
    });
  });
});
