import { CliError } from './cli.errors';

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const DURATION = /^(\d+)\s*([smhdw]?)$/;

/**
 * A lifetime in seconds from `90`, `90s`, `15m`, `1h`, `7d` or `2w`: a positive whole number, with
 * an optional unit (seconds when none).
 */
export function parseDuration(text: string, option = '--exp'): number {
  const match = DURATION.exec(text.trim());
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[match[2] || 's'] : NaN;
  if (!Number.isSafeInteger(seconds) || seconds <= 0) {
    throw new CliError(
      `${option} must be a positive duration such as 3600, 90s, 15m, 1h or 7d; got ${JSON.stringify(text)}.`,
    );
  }
  return seconds;
}
