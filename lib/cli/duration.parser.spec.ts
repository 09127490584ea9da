import { CliError } from './cli.errors';
import { parseDuration } from './duration.parser';

describe('parseDuration', () => {
  it.each([
    ['3600', 3600],
    ['90s', 90],
    ['15m', 900],
    ['1h', 3600],
    ['7d', 604_800],
    ['2w', 1_209_600],
  ])('reads %s as %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['', '0', '-5m', '1.5h', '1y', 'soon', '1h30m'])(
    'refuses %j, naming the option and the forms it takes',
    (text) => {
      expect(() => parseDuration(text)).toThrow(CliError);
      expect(() => parseDuration(text)).toThrow(
        `--exp must be a positive duration such as 3600, 90s, 15m, 1h or 7d; got ${JSON.stringify(text)}.`,
      );
    },
  );
});
