import { Module } from '@nestjs/common';
import { JwtAuthModule } from 'nestjs-jwt-permissions';
import { AsyncConfigController } from './async-config.controller';
import { JwtSettingsFactory, SettingsGroupFinder, SettingsModule, SettingsService } from './settings.module';

@Module({
  imports: [
    JwtAuthModule.forRootAsync({
      imports: [SettingsModule],
      inject: [SettingsService],
      useFactory: (settings: SettingsService) => ({ secret: settings.jwtSecret }),
      groupFinder: SettingsGroupFinder,
    }),
  ],
  controllers: [AsyncConfigController],
})
export class FactoryAppModule {}

@Module({
  imports: [
    JwtAuthModule.forRootAsync({
      imports: [SettingsModule],
      useClass: JwtSettingsFactory,
      groupFinder: SettingsGroupFinder,
    }),
  ],
  controllers: [AsyncConfigController],
})
export class ClassAppModule {}

@Module({
  imports: [
    JwtAuthModule.forRootAsync({
      imports: [SettingsModule],
      useExisting: JwtSettingsFactory,
      groupFinder: SettingsGroupFinder,
    }),
  ],
  controllers: [AsyncConfigController],
})
export class ExistingAppModule {}

@Module({
  imports: [JwtAuthModule.forRootAsync({ useFactory: async () => ({ secret: 'too-short' }) })],
  controllers: [AsyncConfigController],
})
export class MisconfiguredAppModule {}
