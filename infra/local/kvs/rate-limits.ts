/** Per-second quotas from the KVS WebRTC service-quotas page (requests per second). */
export interface RateLimitConfig {
  /** Account-wide TPS per control/data-plane action. */
  account: Record<string, number>;
  /** Per-channel TPS per action (control plane, ConnectAs*, SendAlexaOfferToMaster). */
  channel: Record<string, number>;
  /** Per-WebSocket-connection TPS per message action. */
  connection: Record<string, number>;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  account: {
    CreateSignalingChannel: 50,
    DeleteSignalingChannel: 50,
    DescribeSignalingChannel: 300,
    GetSignalingChannelEndpoint: 300,
    ListSignalingChannels: 50,
    UpdateSignalingChannel: 50,
    SendAlexaOfferToMaster: 100,
  },
  channel: {
    DeleteSignalingChannel: 5,
    DescribeSignalingChannel: 5,
    UpdateSignalingChannel: 5,
    ConnectAsMaster: 3,
    ConnectAsViewer: 3,
    SendAlexaOfferToMaster: 5,
    GetIceServerConfig: 5,
  },
  connection: {
    SDP_OFFER: 5,
    SDP_ANSWER: 5,
    ICE_CANDIDATE: 20,
  },
};

export function mergeRateLimits(over: Partial<{ [K in keyof RateLimitConfig]: Partial<RateLimitConfig[K]> }> | undefined): RateLimitConfig {
  const pick = (base: Record<string, number>, extra: Record<string, number | undefined> | undefined) => {
    const out = { ...base };
    for (const [k, v] of Object.entries(extra ?? {})) if (v !== undefined) out[k] = v;
    return out;
  };
  return {
    account: pick(DEFAULT_RATE_LIMITS.account, over?.account),
    channel: pick(DEFAULT_RATE_LIMITS.channel, over?.channel),
    connection: pick(DEFAULT_RATE_LIMITS.connection, over?.connection),
  };
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets holding one second's worth of requests: a burst up to the quota passes, then
 * requests pass at the quota's rate.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one token from the bucket `key`; false when the rate `perSecond` is exhausted. */
  take(key: string, perSecond: number | undefined): boolean {
    if (perSecond === undefined || perSecond <= 0 || !Number.isFinite(perSecond)) return true;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: perSecond, at: now };
    bucket.tokens = Math.min(perSecond, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    if (this.buckets.size > 10_000) this.prune(now);
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      return false;
    }
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    return true;
  }

  forget(prefix: string): void {
    for (const key of this.buckets.keys()) if (key.startsWith(prefix)) this.buckets.delete(key);
  }

  private prune(now: number): void {
    // A bucket untouched for a second is full again, the same as absent.
    for (const [key, b] of this.buckets) if (now - b.at > 1000) this.buckets.delete(key);
  }
}
