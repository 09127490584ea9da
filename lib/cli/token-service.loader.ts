/**
 * The token service factory, loaded on first use: it loads NestJS, which `keygen` and `--help`
 * do not need, and which takes a good part of a second to load.
 */
export function loadTokenServiceFactory(): typeof import('./token-service.factory') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only by the commands that use it
  return require('./token-service.factory') as typeof import('./token-service.factory');
}
