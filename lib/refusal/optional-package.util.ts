/**
 * Loads a package that the application installs only for the transport it uses (an optional peer
 * dependency: `graphql`, `@nestjs/websockets`, `@nestjs/microservices`). It is loaded on the first
 * refusal of a call of that transport, so that an HTTP-only application never needs it installed.
 */
export function loadOptionalPackage<T>(name: string, purpose: string): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when used, at once
    return require(name) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException | undefined)?.code !== 'MODULE_NOT_FOUND') throw error;
    throw new Error(
      `nestjs-jwt-permissions: ${purpose} needs the package "${name}"; install it next to nestjs-jwt-permissions.`,
      { cause: error },
    );
  }
}

/**
 * An optional package the library adds to when the application has it installed
 * (`@nestjs/swagger`), or `undefined` when it does not.
 */
export function loadOptionalPackageIfInstalled<T>(name: string): T | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when used, at once
    return require(name) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}
