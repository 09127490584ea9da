import { Reflector } from '@nestjs/core';
import { SCOPES_METADATA } from '../jwt-auth.constants';
import { grantsScopes } from './scope.util';
import { Scopes } from './scopes.decorator';

describe('grantsScopes', () => {
  it('reads a space-separated scope claim', () => {
    expect(
      grantsScopes({ scope: 'openid  documents.read documents.write' }, [
        'documents.read',
        'documents.write',
      ]),
    ).toBe(true);
    expect(grantsScopes({ scope: 'documents.read' }, ['documents.write'])).toBe(false);
  });

  it('reads scp, as a string (Entra ID) or an array (Okta)', () => {
    expect(grantsScopes({ scp: 'Orders.Read Orders.Write' }, ['Orders.Write'])).toBe(true);
    expect(grantsScopes({ scp: ['documents.read'] }, ['documents.read'])).toBe(true);
  });

  it('takes the scopes of scope and scp together', () => {
    expect(grantsScopes({ scope: 'a', scp: ['b'] }, ['a', 'b'])).toBe(true);
  });

  it('never grants by prefix or case: scopes are compared exactly', () => {
    expect(grantsScopes({ scope: 'documents' }, ['documents.read'])).toBe(false);
    expect(grantsScopes({ scope: 'Documents.Read' }, ['documents.read'])).toBe(false);
  });

  it.each([
    ['no claims', undefined],
    ['no scope claim', { sub: 'alice' }],
    ['a number', { scope: 42 }],
    ['an object', { scope: { 'documents.read': true } }],
    ['an array of non-strings', { scp: [1, null] }],
  ])('grants nothing from %s', (_name, claims) => {
    expect(grantsScopes(claims as never, ['documents.read'])).toBe(false);
  });
});

describe('@Scopes()', () => {
  class Documents {
    @Scopes('documents.read', 'documents.read', 'documents:list')
    list() {}
  }

  it('records the scopes, once each', () => {
    expect(new Reflector().get(SCOPES_METADATA, Documents.prototype.list)).toEqual([
      'documents.read',
      'documents:list',
    ]);
  });

  it.each([[[]], [['']], [['two words']], [['with"quote']], [['back\\slash']], [[42]]])(
    'refuses %p, which could not be named in a challenge',
    (scopes) => {
      expect(() => Scopes(...(scopes as string[]))).toThrow('@Scopes() needs one or more scope names');
    },
  );
});
