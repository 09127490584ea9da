// A real OpenID provider (the `oidc-provider` package) for the tests, run in its own process: the
// package ships ES modules only, which Jest's CommonJS module system cannot load. Started and driven
// by oidc-provider.harness.ts over the IPC channel; listens on 127.0.0.1 on a free port, over https
// when the harness hands it a certificate.
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import Provider from 'oidc-provider';

/** @type {{ keys: object[]; clients: { clientId: string; clientSecret: string; scope: string; claims: object }[]; resource: string; scope: string; ttl: number; alg: string }} */
let config;
let provider;
let handle;

// The method and path of every request received, for tests that check what the API fetched.
const requests = [];
function listener(request, response) {
  requests.push(`${request.method} ${request.url}`);
  handle(request, response);
}

function buildProvider(issuer, keys) {
  const claimsOf = new Map(config.clients.map((client) => [client.clientId, client.claims]));
  const next = new Provider(issuer, {
    jwks: { keys },
    scopes: config.scope.split(' '),
    clients: config.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      scope: client.scope,
    })),
    features: {
      clientCredentials: { enabled: true },
      devInteractions: { enabled: false },
      dPoP: { enabled: true },
      introspection: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => config.resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resourceIndicator) => {
          if (resourceIndicator !== config.resource) throw new Error(`unknown resource ${resourceIndicator}`);
          return {
            scope: config.scope,
            audience: config.resource,
            accessTokenTTL: config.ttl,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: config.alg } },
          };
        },
      },
    },
    extraTokenClaims: (_ctx, token) => claimsOf.get(token.clientId),
  });
  return next;
}

process.on('message', (message) => {
  if (message.type === 'start') {
    config = message.config;
    const server = message.tls ? createTlsServer(message.tls, listener) : createServer(listener);
    server.listen(0, '127.0.0.1', () => {
      const issuer = `${message.tls ? 'https' : 'http'}://127.0.0.1:${server.address().port}`;
      provider = buildProvider(issuer, message.keys);
      handle = provider.callback();
      process.send({ type: 'started', issuer });
    });
  } else if (message.type === 'rotate') {
    // A new provider with the new keys behind the same server: the issuer and port stay the same.
    provider = buildProvider(provider.issuer, message.keys);
    handle = provider.callback();
    process.send({ type: 'rotated' });
  } else if (message.type === 'requests') {
    process.send({ type: 'requests', requests: requests.splice(0) });
  }
});

// The harness closes the channel when the tests end (or die): leave with it.
process.on('disconnect', () => process.exit(0));
