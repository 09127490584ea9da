import { Test } from '@nestjs/testing';
import { JwtAuthModule } from '../jwt-auth.module';
import { createJwksController } from './jwks.controller';
import { testKeyPair } from '../../test/support/test-keys';

describe('jwksRoute', () => {
  it.each(['.well-known/jwks.json', '/keys/:kid', '/keys/*', '/keys?x=1', ''])(
    'refuses %p, which is not a literal absolute path',
    (route) => {
      expect(() => createJwksController(route)).toThrow(
        /"jwksRoute" must be a literal path such as '\/\.well-known\/jwks\.json'/,
      );
    },
  );

  it('registers no controller when it is not set', () => {
    expect(JwtAuthModule.forRoot({ secret: 's'.repeat(64) }).controllers).toEqual([]);
  });

  it('registers the JWKS controller when it is set, for forRootAsync too', () => {
    const module = JwtAuthModule.forRootAsync({
      jwksRoute: '/.well-known/jwks.json',
      useFactory: () => ({ secret: 's'.repeat(64) }),
    });
    expect(module.controllers).toHaveLength(1);
  });

  it('stops start-up when there is no public key to publish', async () => {
    const compiling = Test.createTestingModule({
      imports: [
        JwtAuthModule.forRoot({
          secret: 's'.repeat(64),
          jwksRoute: '/.well-known/jwks.json',
          globalGuard: false,
        }),
      ],
    }).compile();
    await expect(compiling).rejects.toThrow(/"jwksRoute" is set, but there is no public key to publish/);
  });

  it('starts with a public key to publish', async () => {
    const { publicKey } = testKeyPair('ed25519-a');
    const compiling = Test.createTestingModule({
      imports: [
        JwtAuthModule.forRoot({
          algorithm: 'EdDSA',
          publicKey,
          jwksRoute: '/.well-known/jwks.json',
          globalGuard: false,
        }),
      ],
    }).compile();
    await expect(compiling).resolves.toBeDefined();
  });
});
