// Flag helpers: every flag can also come from TMC_ + its name in upper snake case
// (--data-dir → TMC_DATA_DIR), and durations take the Go form (500ms, 20s, 5m).
import { InvalidArgumentError, Option } from 'commander';
import { parseDuration } from '../lib/duration.js';

export const envName = (flag: string): string => `TMC_${flag.replace(/^--/, '').replace(/-/g, '_').toUpperCase()}`;

/** `flags` like "--data-dir <dir>"; the environment variable name is derived from the long flag. */
export function flag(flags: string, description: string, defaultValue?: string): Option {
  const long = flags.split(/[ ,]+/).find((f) => f.startsWith('--'))!;
  const option = new Option(flags, description).env(envName(long));
  return defaultValue === undefined ? option : option.default(defaultValue);
}

/**
 * A flag whose value `parse` turns into a typed one. Commander hands a default through as it
 * is given, so the default is parsed here too and the help still shows it as written.
 */
function parsedFlag<T>(flags: string, description: string, defaultValue: string, parse: (value: string) => T): Option {
  return flag(flags, description)
    .default(parse(defaultValue), defaultValue)
    .argParser((value: string) => {
      try {
        return parse(value);
      } catch (error) {
        throw new InvalidArgumentError((error as Error).message);
      }
    });
}

/** A Go-style duration (500ms, 20s, 5m), parsed to milliseconds. */
export const durationFlag = (flags: string, description: string, defaultValue: string): Option =>
  parsedFlag(flags, description, defaultValue, parseDuration);

export const integerFlag = (flags: string, description: string, defaultValue: string): Option =>
  parsedFlag(flags, description, defaultValue, (value) => {
    if (!/^\d+$/.test(value)) throw new Error(`"${value}" is not a whole number`);
    return Number(value);
  });

/**
 * A repeatable flag (`--tls-san a --tls-san b`), collected in order; its variable holds a
 * comma-separated list (TMC_TLS_SAN=a,b).
 */
export function listFlag(flags: string, description: string): Option {
  const option = flag(flags, description).default([], 'none');
  return option.argParser((value: string, previous: string[]) => {
    const items = value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
    // The default [] comes in as `previous` for the first value; never push into it.
    return [...(previous ?? []), ...items];
  });
}
