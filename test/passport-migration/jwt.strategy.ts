import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { SECRET } from './secret';

/** The app's passport-jwt strategy before the migration, as the NestJS docs write it. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor() {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      secretOrKey: SECRET,
    });
  }

  validate(payload: { sub: string; username: string }): { userId: string; username: string } {
    return { userId: payload.sub, username: payload.username };
  }
}
