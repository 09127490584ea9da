import { configError, describeValue } from '../utils/config-error.util';

/** What the library records through OpenTelemetry, when `@opentelemetry/api` is installed. */
export interface JwtTelemetryOptions {
  /**
   * Set `enduser.id`, the authenticated user's id, on the active span. A user id may be personal
   * data: off unless the application says so. Default `false`.
   */
  enduserId?: boolean;
}

/** {@link JwtTelemetryOptions} checked, with their defaults. */
export interface ResolvedJwtTelemetryOptions {
  readonly enduserId: boolean;
}

const KNOWN_FIELDS = new Set<string>(['enduserId'] satisfies (keyof JwtTelemetryOptions)[]);

/** Checks the `telemetry` option at start-up. */
export function resolveTelemetryOptions(value: JwtTelemetryOptions | undefined): ResolvedJwtTelemetryOptions {
  if (value === undefined) return Object.freeze({ enduserId: false });
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    configError(`"telemetry" must be an object such as { enduserId: true }; got ${describeValue(value)}.`);
  const unknown = Object.keys(value).filter((field) => !KNOWN_FIELDS.has(field));
  if (unknown.length > 0)
    configError(
      `unknown "telemetry" option ${JSON.stringify(unknown[0])}; the options are ${[...KNOWN_FIELDS].join(', ')}.`,
    );
  const enduserId = value.enduserId ?? false;
  if (typeof enduserId !== 'boolean')
    configError(`"telemetry.enduserId" must be true or false; got ${describeValue(enduserId)}.`);
  return Object.freeze({ enduserId });
}
