// Retry pacing for every loop of the agent. Exponential, capped, and jittered so that many
// agents cut off by the same control-plane outage do not all come back in the same second.

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** Fraction of the delay to spread either way (0.2: ±20 %). */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 30_000, jitter: 0.2 };

/** `ms` moved by up to ±jitter of itself; `random` is in [0, 1). */
export function jittered(ms: number, jitter: number, random: () => number = Math.random): number {
  return Math.max(0, Math.round(ms * (1 - jitter + 2 * jitter * random())));
}

/** The delay after the `failures`-th failure in a row (1 for the first). */
export function backoffDelay(
  failures: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  return jittered(Math.min(policy.maxMs, policy.baseMs * 2 ** exponent), policy.jitter, random);
}

/** Counts failures in a row; `next()` is the delay to wait now, `reset()` after a success. */
export class Backoff {
  private failures = 0;

  constructor(private readonly policy: BackoffPolicy = DEFAULT_BACKOFF) {}

  next(): number {
    this.failures++;
    return backoffDelay(this.failures, this.policy);
  }

  reset(): void {
    this.failures = 0;
  }

  get attempts(): number {
    return this.failures;
  }
}

/** Waits `ms`; resolves early (false) when `signal` aborts, so a stopping agent never waits out a back-off. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (completed: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(completed);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
