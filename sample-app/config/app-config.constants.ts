/** DI token of the sample app's {@link AppConfig}; tests override it with `overrideProvider(APP_CONFIG)`. */
export const APP_CONFIG = Symbol('APP_CONFIG');
