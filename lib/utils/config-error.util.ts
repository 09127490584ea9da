/**
 * Stops start-up with a configuration error: the module's options (or the keys they name) are
 * wrong. `message` says what is wrong and how to fix it; it is prefixed with `JwtAuthModule:` so
 * the application's boot log says where it comes from.
 */
export function configError(message: string): never {
  throw new Error(`JwtAuthModule: ${message}`);
}

/** A wrong option value as an error message shows it: as `String()` would, objects as JSON. */
export function describeValue(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  try {
    return JSON.stringify(value) ?? Object.prototype.toString.call(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
