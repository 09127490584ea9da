import { Controller, Get } from '@nestjs/common';
import {
  Authenticated,
  AuthenticatedUserId,
  EffectivePrincipals,
  JwtClaims,
  Permission,
  type VerifiedClaims,
} from 'nestjs-jwt-permissions';

/** Who the caller is, as the guard resolved it: what the request-data decorators give a handler. */
@Controller('me')
export class MeController {
  /** The caller's user id, principals and verified claims. */
  @Get()
  @Permission(Authenticated)
  me(
    @AuthenticatedUserId() userId: string,
    @EffectivePrincipals() principals: readonly string[],
    @JwtClaims() claims: VerifiedClaims,
  ) {
    return { userId, principals, claims };
  }
}
