import { Module } from '@nestjs/common';
import { APP_CONFIG } from './app-config.constants';
import { loadAppConfig } from './load-app-config';

/** Provides {@link APP_CONFIG}, read from `process.env` when the application starts (not on import). */
@Module({
  providers: [{ provide: APP_CONFIG, useFactory: () => loadAppConfig(process.env) }],
  exports: [APP_CONFIG],
})
export class AppConfigModule {}
