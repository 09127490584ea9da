import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { JwtAuthModule } from './jwt-auth.module';
import type { JwtAuthOptions, JwtAuthOptionsFactory } from './jwt-auth.options';
import { JwtTokenService } from './token/jwt-token.service';

const secret = 's'.repeat(64);

/** Starts an application that imports `module`; rejects with the start-up error. */
async function start(module: ReturnType<typeof JwtAuthModule.forRoot>) {
  const ref = await Test.createTestingModule({ imports: [module] }).compile();
  await ref.close();
}

const factoryReturning = (options: object) => JwtAuthModule.forRootAsync({ useFactory: () => options });

describe('option keys JwtAuthModule refuses at start-up', () => {
  describe("from forRootAsync()'s factory", () => {
    it.each(['jwksRoute', 'resourceMetadata', 'globalGuard', 'groupFinder', 'imports'])(
      'refuses %s, and says to pass it to forRootAsync() beside the factory',
      async (key) => {
        await expect(start(factoryReturning({ secret, [key]: undefined }))).rejects.toThrow(
          `JwtAuthModule: "${key}" cannot be returned by forRootAsync()'s factory: it wires the module, which is built before the factory runs. ` +
            `Pass it to forRootAsync() itself, beside the factory: JwtAuthModule.forRootAsync({ ${key}, useFactory }).`,
        );
      },
    );

    it('refuses expiresIn and names the option to use', async () => {
      await expect(start(factoryReturning({ secret, expiresIn: '1h' }))).rejects.toThrow(
        `JwtAuthModule: forRootAsync()'s factory returned "expiresIn", which is not an option of this library: use "expiration", a number of seconds (expiresIn is @nestjs/jwt's name).`,
      );
    });

    it('refuses an unknown key, suggesting the option it looks like', async () => {
      await expect(start(factoryReturning({ secret, experation: 60 }))).rejects.toThrow(
        `forRootAsync()'s factory returned "experation", which is not an option: did you mean "expiration"?`,
      );
      await expect(start(factoryReturning({ secret, httpheader: 'X-Token' }))).rejects.toThrow(
        'did you mean "httpHeader"?',
      );
    });

    it('refuses useFactory returned by the factory itself', async () => {
      await expect(start(factoryReturning({ secret, useFactory: () => ({}) }))).rejects.toThrow(
        `forRootAsync()'s factory returned "useFactory", which belongs to forRootAsync()`,
      );
    });

    it('checks what a useClass factory returns too', async () => {
      @Injectable()
      class Options implements JwtAuthOptionsFactory {
        createJwtAuthOptions() {
          return { secret, jwksRoute: '/jwks' } as JwtAuthOptions;
        }
      }
      await expect(start(JwtAuthModule.forRootAsync({ useClass: Options }))).rejects.toThrow(
        '"jwksRoute" cannot be returned',
      );
    });

    it('starts with every option it may return', async () => {
      const ref = await Test.createTestingModule({
        imports: [
          JwtAuthModule.forRootAsync({
            useFactory: async () => ({ secret, expiration: 60, debug: false, cookie: {} }),
          }),
        ],
      }).compile();
      expect(ref.get(JwtTokenService)).toBeInstanceOf(JwtTokenService);
      await ref.close();
    });
  });

  describe('given to forRootAsync() itself', () => {
    it('refuses a token option, and says the factory must return it', () => {
      expect(() => JwtAuthModule.forRootAsync({ useFactory: () => ({ secret }), secret } as never)).toThrow(
        `JwtAuthModule: forRootAsync() was given "secret", which its factory must return instead: JwtAuthModule.forRootAsync({ useFactory: () => ({ secret, ... }) }).`,
      );
    });

    it('refuses a key that exists nowhere', () => {
      expect(() =>
        JwtAuthModule.forRootAsync({ useFactory: () => ({ secret }), injects: [] } as never),
      ).toThrow('forRootAsync() was given "injects", which is not one of its keys: did you mean "inject"?');
    });
  });

  describe('given to forRoot()', () => {
    it('refuses an unknown key, naming the option to use', () => {
      expect(() => JwtAuthModule.forRoot({ secret, expiresIn: 3600 } as never)).toThrow(
        `JwtAuthModule: forRoot() was given "expiresIn", which is not an option of this library: use "expiration"`,
      );
    });

    it("refuses forRootAsync()'s keys", () => {
      expect(() => JwtAuthModule.forRoot({ secret, inject: [] } as never)).toThrow(
        'forRoot() was given "inject", which belongs to forRootAsync()',
      );
    });

    it('accepts the wiring keys', () => {
      @Module({})
      class Empty {}
      expect(() => JwtAuthModule.forRoot({ secret, imports: [Empty], globalGuard: false })).not.toThrow();
    });
  });
});
