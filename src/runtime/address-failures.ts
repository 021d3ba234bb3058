// Failed authentications per client address, as a token bucket per address: a burst of `burst`
// failures, then `perSecond` more each second. An address over its budget is refused before any
// token work (no hashing, no store read), so a flood of bad tokens costs the server a map lookup
// and leaves good clients from other addresses unslowed.

export interface AddressFailureLimits {
  /** Failures an address may make at once (0: no limit). */
  burst: number;
  /** Failures it earns back each second. */
  perSecond: number;
  /** Failures of a burst answered at once (default 10); the rest after a hold (see `paced`). */
  answeredAtOnce?: number;
}

/**
 * Enough for a person mistyping a token, or a few agents behind one NAT address whose tokens ended
 * together; the rest of the burst is still judged, a hold apart for each connection.
 */
const ANSWERED_AT_ONCE = 10;

interface Bucket {
  tokens: number;
  at: number;
}

/** Past this many addresses, full buckets (addresses that behave) are dropped. */
const MAX_ADDRESSES = 100_000;

export class AddressFailures {
  private readonly buckets = new Map<string, Bucket>();
  /** Requests refused for their address's failures, for the metrics. */
  refused = 0;

  constructor(private readonly limits: AddressFailureLimits) {}

  /** Seconds the address must wait before its token is looked at again; 0 when it may go on. */
  retryAfter(address: string, now = Date.now()): number {
    if (this.limits.burst <= 0) return 0;
    const bucket = this.buckets.get(address);
    if (!bucket) return 0;
    const tokens = this.refill(bucket, now);
    if (tokens >= 1) return 0;
    this.refused++;
    return Math.max(1, Math.ceil((1 - tokens) / this.limits.perSecond));
  }

  /**
   * Whether the address has spent more than `answeredAtOnce` of its burst: its next failures are
   * still judged, but answered after a hold, so a burst is not taken all at once.
   */
  paced(address: string, now = Date.now()): boolean {
    const bucket = this.buckets.get(address);
    return (
      bucket !== undefined &&
      this.limits.burst - this.refill(bucket, now) > (this.limits.answeredAtOnce ?? ANSWERED_AT_ONCE)
    );
  }

  /** Records a failed authentication of the address. */
  failed(address: string, now = Date.now()): void {
    if (this.limits.burst <= 0) return;
    const bucket = this.buckets.get(address) ?? { tokens: this.limits.burst, at: now };
    bucket.tokens = Math.max(0, this.refill(bucket, now) - 1);
    bucket.at = now;
    this.buckets.delete(address);
    this.buckets.set(address, bucket);
    if (this.buckets.size > MAX_ADDRESSES) this.prune(now);
  }

  private refill(bucket: Bucket, now: number): number {
    return Math.min(this.limits.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.limits.perSecond);
  }

  private prune(now: number): void {
    for (const [address, bucket] of this.buckets) {
      if (this.refill(bucket, now) >= this.limits.burst) this.buckets.delete(address);
    }
    // Still full of misbehaving addresses: the oldest (Map keeps insertion order) go first.
    for (const address of this.buckets.keys()) {
      if (this.buckets.size <= MAX_ADDRESSES) break;
      this.buckets.delete(address);
    }
  }
}
