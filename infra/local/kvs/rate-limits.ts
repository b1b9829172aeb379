/** Per-second quotas from the KVS WebRTC service-quotas page (requests per second). */
interface Quotas {
  /** Account-wide TPS per control/data-plane action. */
  account: Record<string, number>;
  /** Per-channel TPS per action (control plane, ConnectAs*, SendAlexaOfferToMaster). */
  channel: Record<string, number>;
  /** Per-WebSocket-connection TPS per message action. */
  connection: Record<string, number>;
}

export const AWS_QUOTAS: Quotas = {
  account: {
    CreateSignalingChannel: 50,
    DescribeSignalingChannel: 300,
    GetSignalingChannelEndpoint: 300,
    ListSignalingChannels: 50,
    SendAlexaOfferToMaster: 100,
  },
  channel: {
    DescribeSignalingChannel: 5,
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

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * AWS's quotas as token buckets holding one second's worth of requests: a burst up to the quota
 * passes, then requests pass at the quota's rate. Without quotas (the emulator's default) every
 * request passes.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly quotas: Quotas | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** False when the account-wide quota of `action` is exhausted. */
  account(action: string): boolean {
    return this.take(`account:${action}`, this.quotas?.account[action]);
  }

  channel(arn: string, action: string): boolean {
    return this.take(`channel:${arn}:${action}`, this.quotas?.channel[action]);
  }

  connection(connectionId: number, action: string): boolean {
    return this.take(`conn:${connectionId}:${action}`, this.quotas?.connection[action]);
  }

  forgetConnection(connectionId: number): void {
    const prefix = `conn:${connectionId}:`;
    for (const key of this.buckets.keys()) if (key.startsWith(prefix)) this.buckets.delete(key);
  }

  private take(key: string, perSecond: number | undefined): boolean {
    if (perSecond === undefined) return true;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: perSecond, at: now };
    bucket.tokens = Math.min(perSecond, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    if (this.buckets.size > 10_000) this.prune(now);
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private prune(now: number): void {
    // A bucket untouched for a second is full again, the same as absent.
    for (const [key, b] of this.buckets) if (now - b.at > 1000) this.buckets.delete(key);
  }
}
