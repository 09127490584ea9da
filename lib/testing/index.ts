// The public API of `nestjs-jwt-permissions/testing`: helpers for an application's own tests.
export { JwtAuthTesting } from './jwt-auth.testing';
export type {
  JwtAuthTestingOverrides,
  OverridableModuleBuilder,
  ProviderLookup,
  TestTokenOptions,
} from './jwt-auth.testing';
export { FixedGroupFinder } from './fixed.group-finder';
export { TestClock } from './test.clock';
