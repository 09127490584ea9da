import 'reflect-metadata';
import {
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  generateKeyPairSync,
  randomBytes,
  type KeyPairKeyObjectResult,
} from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JwtModule, JwtService, type JwtModuleOptions } from '@nestjs/jwt';
import { createSigner, createVerifier } from 'fast-jwt';
import jsonwebtoken from 'jsonwebtoken';
import {
  JwtAuthModule,
  JwtTokenService,
  type JwtAlgorithm,
  type JwtAuthOptions,
} from 'nestjs-jwt-permissions';
import { floorSign, floorVerifier, type FloorAlgorithm, type FloorKeys } from './floor';
import { fixed, median, medianRatio, microRounds, microsecondsPerOp, settings, table } from './measure';

/** One algorithm measured: how JwtAuthModule, @nestjs/jwt, fast-jwt and the floor are configured for it. */
interface TokenCase {
  readonly algorithm: JwtAlgorithm & FloorAlgorithm;
  /** JwtAuthModule options, as an application would pass them. */
  readonly options: JwtAuthOptions;
  /** @nestjs/jwt's module options as its README shows them (a string secret), when it supports the algorithm. */
  readonly nestjsJwt?: JwtModuleOptions;
  /** fast-jwt's key: the string secret, or PEM text. */
  readonly fastJwt: { readonly signing: string; readonly verifying: string };
  /** The node:crypto floor's keys. */
  readonly floor: FloorKeys;
}

/** An HMAC case: one string secret of `bytes` random bytes, configured the same way everywhere. */
function hmac(algorithm: 'HS256' | 'HS384' | 'HS512', bytes: number): TokenCase {
  const secret = randomBytes(bytes).toString('base64url');
  const key = createSecretKey(Buffer.from(secret));
  return {
    algorithm,
    options: { secret, algorithm },
    nestjsJwt: { secret, signOptions: { expiresIn: '1h', algorithm } },
    fastJwt: { signing: secret, verifying: secret },
    floor: { signing: key, verifying: key },
  };
}

/**
 * An asymmetric case: a fresh key pair, handed to JwtAuthModule as PEM (as an application reads it
 * from its environment) and to @nestjs/jwt and fast-jwt the same way, where they support the algorithm.
 */
function keyPair(algorithm: 'RS256' | 'ES256' | 'EdDSA', pair: KeyPairKeyObjectResult): TokenCase {
  const privateKey = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const publicKey = pair.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  return {
    algorithm,
    options: { algorithm, privateKey, publicKey },
    nestjsJwt:
      algorithm === 'EdDSA'
        ? undefined
        : { privateKey, publicKey, signOptions: { expiresIn: '1h', algorithm } },
    fastJwt: { signing: privateKey, verifying: publicKey },
    floor: { signing: createPrivateKey(privateKey), verifying: createPublicKey(publicKey) },
  };
}

/** The algorithms measured. */
const CASES: readonly TokenCase[] = [
  hmac('HS256', 32),
  hmac('HS512', 64),
  keyPair('RS256', generateKeyPairSync('rsa', { modulusLength: 2048 })),
  keyPair('ES256', generateKeyPairSync('ec', { namedCurve: 'P-256' })),
  keyPair('EdDSA', generateKeyPairSync('ed25519')),
];

/** One row of the token table. */
interface TokenRow {
  readonly algorithm: JwtAlgorithm;
  readonly setup: string;
  readonly create: number | undefined;
  readonly verify: number;
  /** verify / the floor's verify, the median of the per-round ratios. */
  readonly verifyOverFloor: number;
}

/** One setup of a case: its name, and its create / verify calls (create left out where it is the same as another's). */
interface Setup {
  readonly name: string;
  readonly create?: () => unknown;
  readonly verify: () => unknown;
}

function context(
  module: Parameters<typeof NestFactory.createApplicationContext>[0],
): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(module, { logger: false });
}

async function measureCase(testCase: TokenCase): Promise<TokenRow[]> {
  const contexts: INestApplicationContext[] = [];
  try {
    const setups: Setup[] = [];
    const uncachedContext = await context(
      JwtAuthModule.forRoot({ ...testCase.options, tokenCache: false, globalGuard: false }),
    );
    const cachedContext = await context(JwtAuthModule.forRoot({ ...testCase.options, globalGuard: false }));
    contexts.push(uncachedContext, cachedContext);
    const uncached = uncachedContext.get(JwtTokenService);
    const cached = cachedContext.get(JwtTokenService);
    const token = await uncached.createToken('user-1');

    const claims = () => ({
      sub: 'user-1',
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 3600,
    });
    const floorToken = floorSign(testCase.algorithm, testCase.floor, claims());
    const floorVerify = floorVerifier(testCase.algorithm, testCase.floor);
    setups.push({
      name: 'floor: node:crypto + base64url + JSON.parse',
      create: () => floorSign(testCase.algorithm, testCase.floor, claims()),
      verify: () => floorVerify(floorToken),
    });
    setups.push({
      name: 'nestjs-jwt-permissions, tokenCache: false',
      create: () => uncached.createToken('user-1'),
      verify: () => uncached.verifyToken(token),
    });
    setups.push({
      name: 'nestjs-jwt-permissions, default (token cache hit)',
      verify: () => cached.verifyToken(token),
    });
    if (testCase.algorithm.startsWith('HS')) {
      // What the strict pipeline would spend inside jsonwebtoken itself, handed a KeyObject.
      const key = testCase.floor.verifying;
      const options: jsonwebtoken.VerifyOptions = {
        algorithms: [testCase.algorithm as jsonwebtoken.Algorithm],
      };
      setups.push({
        name: 'jsonwebtoken.verify() alone, KeyObject',
        verify: () => jsonwebtoken.verify(token, key, options),
      });
    }
    {
      // fast-jwt as its README shows it, synchronous: the key chosen and prepared once, no cache.
      const signer = createSigner({
        key: testCase.fastJwt.signing,
        algorithm: testCase.algorithm,
        expiresIn: 3_600_000,
      });
      const verifier = createVerifier({ key: testCase.fastJwt.verifying, algorithms: [testCase.algorithm] });
      const fastToken = signer({ sub: 'user-1' });
      setups.push({
        name: 'fast-jwt, no cache',
        create: () => signer({ sub: 'user-1' }),
        verify: () => verifier(fastToken),
      });
    }
    if (testCase.nestjsJwt) {
      const nestjsJwtContext = await context(JwtModule.register(testCase.nestjsJwt));
      contexts.push(nestjsJwtContext);
      const jwtService = nestjsJwtContext.get(JwtService);
      const nestToken = await jwtService.signAsync({ sub: 'user-1' });
      setups.push({
        name: `@nestjs/jwt as its README shows (${testCase.algorithm.startsWith('HS') ? 'string secret' : 'PEM strings'})`,
        create: () => jwtService.signAsync({ sub: 'user-1' }),
        verify: () => jwtService.verifyAsync(nestToken),
      });
    }

    const creating = setups.filter((setup) => setup.create);
    const createTimes = await microsecondsPerOp(creating.map((setup) => setup.create!));
    const verifyTimes = await microsecondsPerOp(setups.map((setup) => setup.verify));
    return setups.map((setup, index) => {
      const createIndex = creating.indexOf(setup);
      return {
        algorithm: testCase.algorithm,
        setup: setup.name,
        create: createIndex === -1 ? undefined : median(createTimes[createIndex]),
        verify: median(verifyTimes[index]),
        verifyOverFloor: medianRatio(verifyTimes[index], verifyTimes[0]),
      };
    });
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
}

/** The token section: µs per createToken / verifyToken per algorithm and setup. */
export async function tokensBench(): Promise<TokenRow[]> {
  console.log(
    `\n## Tokens: µs per call, median of ${microRounds()} interleaved batches of ${settings.batchMs} ms\n`,
  );
  const rows: TokenRow[] = [];
  for (const testCase of CASES) rows.push(...(await measureCase(testCase)));
  console.log(
    table(
      ['alg', 'setup', 'create µs', 'verify µs', 'verify / floor'],
      rows.map((row) => [
        row.algorithm,
        row.setup,
        row.create === undefined ? '' : fixed(row.create),
        fixed(row.verify),
        `${fixed(row.verifyOverFloor)}x`,
      ]),
      2,
    ),
  );
  return rows;
}
