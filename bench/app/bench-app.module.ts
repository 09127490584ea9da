import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { JwtAuthModule } from 'nestjs-jwt-permissions';
import { AllowAllGuard } from './allow-all.guard';
import { BenchController } from './bench.controller';
import { BENCH_SECRET } from './bench-secret';
import { DocsAuthGuard } from './docs-auth.guard';
import { HeaderOnlyGuard } from './header-only.guard';
import { InMemoryGroupFinder } from './in-memory.group-finder';
import { PassportJwtStrategy } from './passport-jwt.strategy';

/**
 * One application serving every setup side by side, so each is measured on the same build, adapter
 * and process. JwtAuthModule is applied per route (`globalGuard: false`) so that the other setups'
 * routes do not pass through it; HS256, as @nestjs/jwt signs by default.
 */
@Module({
  imports: [
    JwtAuthModule.forRoot({
      secret: BENCH_SECRET,
      algorithm: 'HS256',
      groupFinder: InMemoryGroupFinder,
      globalGuard: false,
      // BENCH_SESSIONS=redis: sessions in the Redis that main.ts started (the guard's check is the same lookup).
      sessions: process.env.BENCH_REDIS_URL ? { redis: { url: process.env.BENCH_REDIS_URL } } : undefined,
    }),
    JwtModule.register({ secret: BENCH_SECRET, signOptions: { expiresIn: '1h' } }),
    PassportModule,
  ],
  controllers: [BenchController],
  providers: [PassportJwtStrategy, DocsAuthGuard, AllowAllGuard, HeaderOnlyGuard],
})
export class BenchAppModule {}
