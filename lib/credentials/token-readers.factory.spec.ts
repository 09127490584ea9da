import { createFieldTokenReader, ownField } from './token-readers.factory';

describe('createFieldTokenReader', () => {
  const read = createFieldTokenReader(new Set(['bearer', 'jwt']));

  it('reads a bare token', () => {
    expect(read('a.b.c')).toBe('a.b.c');
  });

  it('reads a token after an accepted scheme, whatever its case', () => {
    expect(read('bEaReR a.b.c')).toBe('a.b.c');
  });

  it('ignores the spaces around the value', () => {
    expect(read('  a.b.c  ')).toBe('a.b.c');
  });

  it('finds no token after a scheme it does not accept', () => {
    expect(read('Basic dXNlcjpwYXNz')).toBeUndefined();
  });

  it('finds no token in an empty value or a scheme alone', () => {
    expect(read('')).toBeUndefined();
    expect(read('Bearer ')).toBeUndefined();
  });

  it('finds no token in a value that is not a string', () => {
    expect(read(['a.b.c'])).toBeUndefined();
    expect(read({ token: 'a.b.c' })).toBeUndefined();
    expect(read(42)).toBeUndefined();
  });

  it('reads only bare tokens when no scheme is accepted (a custom header)', () => {
    const readBare = createFieldTokenReader(new Set());
    expect(readBare('a.b.c')).toBe('a.b.c');
    expect(readBare('Bearer a.b.c')).toBeUndefined();
  });
});

describe('ownField', () => {
  it('reads an own property', () => {
    expect(ownField({ token: 't' }, 'token')).toBe('t');
  });

  it('never reads a property inherited from the prototype', () => {
    expect(ownField(Object.create({ token: 't' }), 'token')).toBeUndefined();
    expect(ownField({}, 'constructor')).toBeUndefined();
  });

  it('reads nothing from a value that is not an object', () => {
    expect(ownField('token', 'length')).toBeUndefined();
    expect(ownField(null, 'token')).toBeUndefined();
  });
});
