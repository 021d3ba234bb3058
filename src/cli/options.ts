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

export function durationFlag(flags: string, description: string, defaultValue: string): Option {
  return flag(flags, description, defaultValue).argParser((value: string) => {
    try {
      return parseDuration(value);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  });
}

export function integerFlag(flags: string, description: string, defaultValue: string): Option {
  return flag(flags, description, defaultValue).argParser((value: string) => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`"${value}" is not a whole number`);
    return Number(value);
  });
}
