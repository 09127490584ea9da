// The parts of an OpenAPI 3 document this library reads and writes. Declared here rather than
// imported from @nestjs/swagger, an optional package the library's types must not need.

/** One operation of a path (`paths['/notes'].get`). */
export interface OpenApiOperation {
  security?: Array<Record<string, string[]>>;
  responses?: Record<string, unknown>;
  [field: string]: unknown;
}

/** An OpenAPI document, as `SwaggerModule.createDocument()` returns it. */
export interface OpenApiDocument {
  paths?: Record<string, Record<string, unknown>>;
  components?: {
    securitySchemes?: Record<string, unknown>;
    schemas?: Record<string, unknown>;
    [field: string]: unknown;
  };
  security?: Array<Record<string, string[]>>;
  [field: string]: unknown;
}

/** Who may call a route, as far as the document says: anyone, or a caller with a token. */
export type RouteAccess = 'public' | 'guarded';
