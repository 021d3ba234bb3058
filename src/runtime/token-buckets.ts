// Token buckets by key: each key may spend `burst` at once and earns `perSecond` back each second.
// Idle keys are dropped once their bucket is full again, so the map holds only recent spenders.

export interface BucketLimits {
  burst: number;
  perSecond: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Past this many keys, full buckets are swept out. */
const SWEEP_AT = 10_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limits: BucketLimits) {}

  /** Spends one token of the key: 0 when it had one, else the seconds until it will have. */
  take(key: string, now = Date.now()): number {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      // Before the new one goes in: it is full, and would be swept out with the idle ones.
      if (this.buckets.size >= SWEEP_AT) this.sweep(now);
      bucket = { tokens: this.limits.burst, at: now };
      this.buckets.set(key, bucket);
    }
    const tokens = Math.min(this.limits.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.limits.perSecond);
    bucket.at = now;
    if (tokens < 1) {
      bucket.tokens = tokens;
      return Math.max(1, Math.ceil((1 - tokens) / this.limits.perSecond));
    }
    bucket.tokens = tokens - 1;
    return 0;
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.limits.perSecond >= this.limits.burst) {
        this.buckets.delete(key);
      }
    }
  }
}
