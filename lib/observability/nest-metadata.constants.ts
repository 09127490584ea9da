// Nest's own metadata keys, identical in NestJS 11 and 12. They are written out rather than imported
// so that reading a report loads none of the optional transport packages (@nestjs/graphql,
// @nestjs/websockets, @nestjs/microservices), and no internal subpath of @nestjs/common.

/** `@Controller()` / `@Get()`...: the path of a controller or of an HTTP handler. */
export const NEST_PATH = 'path';
/** `@Get()`...: the `RequestMethod` of an HTTP handler. */
export const NEST_METHOD = 'method';
/** `@Version()` / `@Controller({ version })`. */
export const NEST_VERSION = '__version__';
/** `RouterModule`'s path of a module, suffixed with the application id. */
export const NEST_MODULE_PATH = '__module_path__';
/** `@UseGuards()`. */
export const NEST_GUARDS = '__guards__';
/** `@Query()`, `@Mutation()`, `@Subscription()`: the root type of a resolver method. */
export const GRAPHQL_RESOLVER_TYPE = 'graphql:resolver_type';
/** The field name given to a resolver method, or the type name given to `@Resolver()`. */
export const GRAPHQL_RESOLVER_NAME = 'graphql:resolver_name';
/** `@ResolveField()`. */
export const GRAPHQL_RESOLVE_PROPERTY = 'graphql:resolve_property';
/** The DI token of `GraphQLModule`'s options (`fieldResolverEnhancers`). */
export const GRAPHQL_MODULE_OPTIONS = 'GqlModuleOptions';
/** `@WebSocketGateway()`. */
export const WS_GATEWAY = 'websockets:is_gateway';
/** `@WebSocketGateway({ namespace })`. */
export const WS_GATEWAY_OPTIONS = 'websockets:gateway_options';
/** `@SubscribeMessage()`: marks a gateway handler. */
export const WS_MESSAGE_MAPPING = 'websockets:message_mapping';
/** `@SubscribeMessage(message)`: the message. */
export const WS_MESSAGE = 'message';
/** `@MessagePattern()` / `@EventPattern()`: the patterns of a microservice handler. */
export const RPC_PATTERN = 'microservices:pattern';
/** `1` for `@MessagePattern()`, `2` for `@EventPattern()`. */
export const RPC_HANDLER_TYPE = 'microservices:handler_type';
