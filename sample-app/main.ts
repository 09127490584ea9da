import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { APP_CONFIG } from './config/app-config.constants';
import type { AppConfig } from './config/app-config.interface';
import { startBanner } from './start-banner';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule);
  app.enableShutdownHooks();
  const { port, sessions } = app.get<AppConfig>(APP_CONFIG);
  await app.listen(port);
  const logger = new Logger('SampleApp');
  logger.log(
    sessions.redisUrl === undefined
      ? 'Sessions are kept in memory, in this process only: set REDIS_URL to share them between instances'
      : 'Sessions are kept in Redis (REDIS_URL), shared by every instance',
  );
  logger.log(`Listening on ${await app.getUrl()}`);
  // The port actually bound (PORT=0 picks a free one); localhost works whether it resolves to IPv4 or IPv6.
  const { port: boundPort } = (app.getHttpServer() as import('node:net').Server).address() as {
    port: number;
  };
  process.stdout.write(`\n${startBanner(`http://localhost:${boundPort}`)}\n`);
}

bootstrap().catch((error: unknown) => {
  new Logger('SampleApp').error(error);
  process.exitCode = 1;
});
