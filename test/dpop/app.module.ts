import { Module } from '@nestjs/common';
import {
  JwtAuthModule,
  type IssuerOptions,
  type JwtDpopOptions,
  type JwtSessionOptions,
} from 'nestjs-jwt-permissions';
import { NotesController } from './notes.controller';
import { TokenController } from './token.controller';

/** The secret of the API's own tokens. */
export const DPOP_SECRET = 'a-64-byte-secret-for-the-dpop-scenario-own-tokens-only-not-elsewhere';
/** The audience the provider's tokens are for. */
export const RESOURCE = 'https://api.example.test';

/** What the next app is started with (the provider's port, and the DPoP options, are only known then). */
export const SETTINGS: { issuers: IssuerOptions[]; dpop: JwtDpopOptions; sessions?: JwtSessionOptions } = {
  issuers: [],
  dpop: {},
};

/** An API that issues its own tokens (HS256), trusts a provider's, and accepts both as DPoP. */
@Module({
  imports: [
    JwtAuthModule.forRootAsync({
      useFactory: () => ({
        secret: DPOP_SECRET,
        issuer: 'https://api.example.test/own',
        ...(SETTINGS.issuers.length > 0 ? { issuers: SETTINGS.issuers } : {}),
        dpop: SETTINGS.dpop,
        sessions: SETTINGS.sessions,
      }),
    }),
  ],
  controllers: [NotesController, TokenController],
})
export class DpopAppModule {}
