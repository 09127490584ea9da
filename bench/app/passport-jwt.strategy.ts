import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { BENCH_SECRET } from './bench-secret';

/** The `@nestjs/passport` + `passport-jwt` setup of the NestJS docs: bearer header, string secret. */
@Injectable()
export class PassportJwtStrategy extends PassportStrategy(Strategy) {
  constructor() {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      secretOrKey: BENCH_SECRET,
    });
  }

  validate(payload: { sub: string; username: string }): { userId: string; username: string } {
    return { userId: payload.sub, username: payload.username };
  }
}
