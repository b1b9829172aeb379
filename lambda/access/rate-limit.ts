/**
 * The access API's own rate limit: a token bucket per source address, in the warm Lambda's
 * memory. The routes are reachable unsigned, so this bounds what one address can make one Lambda
 * do (hash, query, call LWA and STS); reserved concurrency (AWS) bounds the total. Generous enough
 * for a household behind one address: every page renews a few times an hour, a setup is a few calls.
 */
const CAPACITY = 60;
const REFILL_PER_SECOND = 1;
/** Beyond this many addresses the oldest bucket is forgotten (a full bucket again: harmless). */
const MAX_KEYS = 5000;

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly opts: { capacity?: number; refillPerSecond?: number } = {}) {}

  /** Takes one request's token for `key`; false when its bucket is empty. */
  take(key: string, now: number): boolean {
    const capacity = this.opts.capacity ?? CAPACITY;
    const refill = this.opts.refillPerSecond ?? REFILL_PER_SECOND;
    const b = this.buckets.get(key) ?? { tokens: capacity, at: now };
    const tokens = Math.min(capacity, b.tokens + (Math.max(0, now - b.at) / 1000) * refill);
    this.buckets.delete(key);
    if (this.buckets.size >= MAX_KEYS) this.buckets.delete(this.buckets.keys().next().value!);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return false;
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    return true;
  }
}
