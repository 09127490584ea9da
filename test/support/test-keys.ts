import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The key pairs under test/fixtures/keys, by file name. */
export type TestKeyName =
  | 'rsa-2048-a'
  | 'rsa-2048-b'
  | 'rsa-1024'
  | 'rsa-pss-2048'
  | 'ec-p256'
  | 'ec-p384'
  | 'ec-p521'
  | 'ed25519-a'
  | 'ed25519-b';

/** A fixture key pair, imported from PEM (never generated: see test/fixtures/keys/README.md). */
export function testKeyPair(name: TestKeyName): { privateKey: KeyObject; publicKey: KeyObject } {
  const privateKey = createPrivateKey(readFileSync(join(__dirname, '..', 'fixtures', 'keys', `${name}.pem`)));
  return { privateKey, publicKey: createPublicKey(privateKey) };
}
