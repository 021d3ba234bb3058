// Go / Kubernetes style durations ("500ms", "20s", "1m30s", "2h"), the form the contract's
// flags take. A bare number is rejected: a unit-less "60" is ambiguous between s and ms.
const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const PART = /(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;

/** Parses a duration into milliseconds; throws an Error naming the bad value otherwise. */
export function parseDuration(text: string): number {
  const input = text.trim();
  if (input === '0') return 0;
  let total = 0;
  let offset = 0;
  while (offset < input.length) {
    PART.lastIndex = offset;
    const match = PART.exec(input);
    if (!match) break;
    total += Number(match[1]) * UNIT_MS[match[2] as string]!;
    offset = PART.lastIndex;
  }
  if (offset === 0 || offset !== input.length) {
    throw new Error(`invalid duration "${text}": use a number with a unit, e.g. 500ms, 20s, 5m or 1h`);
  }
  return total;
}

/** Formats milliseconds the way Go prints a time.Duration, for logs and help texts. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  let rest = Math.round(ms / 1000);
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  return `${hours ? `${hours}h` : ''}${minutes ? `${minutes}m` : ''}${seconds ? `${seconds}s` : ''}`;
}
