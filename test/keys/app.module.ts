import { Module } from '@nestjs/common';
import { JwtAuthModule } from 'nestjs-jwt-permissions';
import { KeysController } from './keys.controller';
import { testKeyPair } from '../support/test-keys';

export const ISSUER = 'https://keys.example/';
export const JWKS_ROUTE = '/.well-known/jwks.json';
/** The key that signs new tokens (kid 2025). */
export const CURRENT_KEY = testKeyPair('ec-p256');
/** The previous key (kid 2024): only its public half is kept, to verify tokens it signed before the rotation. */
export const RETIRED_KEY = testKeyPair('rsa-2048-a');

/** A service that signs with ES256, still accepts the tokens of its retired RS256 key, and publishes both. */
@Module({
  imports: [
    JwtAuthModule.forRoot({
      keys: [
        { kid: '2025', algorithm: 'ES256', privateKey: CURRENT_KEY.privateKey },
        {
          kid: '2024',
          algorithm: 'RS256',
          publicKey: RETIRED_KEY.publicKey.export({ format: 'pem', type: 'spki' }),
        },
      ],
      signingKeyId: '2025',
      issuer: ISSUER,
      jwksRoute: JWKS_ROUTE,
    }),
  ],
  controllers: [KeysController],
})
export class AppModule {}

/**
 * Where the identity provider of {@link ConsumerAppModule} serves its JWKS, set before the app
 * starts; and how far the consumer's clock runs ahead of the real one, in milliseconds.
 */
export const PROVIDER = { jwksUri: '', clockOffset: 0 };

/** A verify-only service that accepts the tokens of an identity provider, through its JWKS. */
@Module({
  imports: [
    JwtAuthModule.forRootAsync({
      useFactory: () => ({
        jwksUri: PROVIDER.jwksUri,
        issuer: ISSUER,
        algorithms: ['ES256', 'RS256'],
        jwksOptions: { cooldown: 0, maxBytes: 4096 },
        clock: () => Date.now() + PROVIDER.clockOffset,
      }),
    }),
  ],
  controllers: [KeysController],
})
export class ConsumerAppModule {}
