// What the platform section and its server processes share.

/** The HTTP stacks measured alone: no Nest, no guard. */
export const PLATFORMS = [
  'node:http',
  'node:http, prototypes swapped as Express does',
  'express',
  'fastify',
] as const;
export type PlatformName = (typeof PLATFORMS)[number];

/** What a platform server process sends. */
export type PlatformMessage = { type: 'ready'; port: number } | { type: 'cpu'; microseconds: number };
