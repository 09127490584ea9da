import { NestFactory } from '@nestjs/core';
import { JwtAuthModule } from '../jwt-auth.module';
import { JwtTokenService } from '../token/jwt-token.service';
import { CliError } from './cli.errors';
import type { CliConfiguration } from './cli-config.loader';

/**
 * Runs `use` with the `JwtTokenService` of a `JwtAuthModule` built from the configuration, through
 * the module itself: the same validation, keys and signing path as the application's. An option
 * the module refuses becomes a one-line {@link CliError} naming where the configuration came from.
 */
export async function withTokenService<T>(
  configuration: CliConfiguration,
  use: (tokens: JwtTokenService) => Promise<T> | T,
): Promise<T> {
  let context;
  try {
    context = await NestFactory.createApplicationContext(JwtAuthModule.forRoot(configuration.options), {
      logger: false,
      abortOnError: false,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CliError(`configuration from ${configuration.source}: ${message.split('\n')[0]}`);
  }
  try {
    return await use(context.get(JwtTokenService));
  } finally {
    await context.close();
  }
}
