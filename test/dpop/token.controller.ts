import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { DpopService, JwtTokenService, Public, type CallRequest } from 'nestjs-jwt-permissions';

/** The API's own token endpoint: a token bound to the key of the request's DPoP proof, if it sends one. */
@Controller('token')
export class TokenController {
  constructor(
    private readonly dpop: DpopService,
    private readonly tokens: JwtTokenService,
  ) {}

  @Public()
  @Post()
  @HttpCode(200)
  async issue(@Req() request: CallRequest, @Res({ passthrough: true }) response: object) {
    const proof = await this.dpop.verifyTokenRequestProof(request, response);
    const issued = await this.tokens.issueToken('alice', { dpopJkt: proof?.jkt });
    return { access_token: issued.accessToken, token_type: issued.tokenType };
  }
}
