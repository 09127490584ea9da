import { Controller, Get, Req } from '@nestjs/common';
import {
  AuthenticatedUserId,
  EffectivePrincipals,
  JwtClaims,
  Public,
  type JwtAuthRequestData,
} from 'nestjs-jwt-permissions';

/** Answers what a handler sees of the identity, through the decorators and on the request object. */
@Controller()
export class RequestDataController {
  @Get('me')
  me(
    @AuthenticatedUserId() userId: string | null,
    @EffectivePrincipals() principals: readonly string[],
    @JwtClaims('sub') sub: string | undefined,
    @Req() request: JwtAuthRequestData,
  ) {
    return {
      decorators: { userId, principals, sub },
      request: {
        userId: request.authenticatedUserId,
        principals: request.effectivePrincipals,
        sub: request.jwtClaims?.sub,
      },
    };
  }

  @Get('own-fields')
  ownFields(@Req() request: object): string[] {
    return ['jwtClaims', 'authenticatedUserId', 'effectivePrincipals'].filter((name) =>
      Object.hasOwn(request, name),
    );
  }

  @Get('open')
  @Public()
  open(@AuthenticatedUserId() userId: string | null, @Req() request: JwtAuthRequestData) {
    return {
      decorator: userId,
      request: request.authenticatedUserId,
      principals: request.effectivePrincipals,
    };
  }
}
