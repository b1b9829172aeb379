import { GetIceServerConfigCommand, KinesisVideoSignalingClient } from '@aws-sdk/client-kinesis-video-signaling';
import type { DoorbellAccess } from '../access/doorbell-access.js';

export interface IceServerCacheOptions {
  access: DoorbellAccess;
  /** The channel's HTTPS endpoint from GetSignalingChannelEndpoint. */
  httpsEndpoint: string;
  /** Viewers pass their client id; the master passes none. */
  clientId?: string;
  /** Refresh when this fraction of the shortest TTL has passed. */
  refreshAt?: number;
  /** Never refresh more often than this (default 5 s). */
  minRefreshMs?: number;
  /** Retry this soon after a failed fetch (default 15 s). */
  retryMs?: number;
  onChange?: (servers: RTCIceServer[]) => void;
  onError?: (error: unknown) => void;
}

/** KVS's own STUN server for a region (AWS only; the local emulator hands out its own list). */
export function kvsStunUrl(region: string): string {
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `stun:stun.kinesisvideo.${region}.${suffix}:443`;
}

/**
 * The ICE servers (STUN + TURN) for new peer connections, fetched ahead of time so that an
 * offer never waits for GetIceServerConfig, and refreshed before the TURN credentials' TTL.
 * A failed refresh keeps the last good list and retries.
 */
export class IceServerCache {
  private servers: RTCIceServer[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly client: KinesisVideoSignalingClient;
  private closed = false;
  private inflight: Promise<RTCIceServer[]> | undefined;

  constructor(private readonly options: IceServerCacheOptions) {
    this.client = new KinesisVideoSignalingClient({
      region: options.access.region,
      // Asked at every fetch: a renewal of the page's credentials reaches the next one.
      credentials: options.access.credentials,
      endpoint: options.httpsEndpoint,
      maxAttempts: 2,
    });
  }

  /** The current list (possibly empty before the first fetch finished). */
  current(): RTCIceServer[] {
    return this.servers;
  }

  /** Fetches now; resolves with the list (the last good one when the fetch fails). */
  refresh(): Promise<RTCIceServer[]> {
    this.inflight ??= this.fetch().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async fetch(): Promise<RTCIceServer[]> {
    const { access } = this.options;
    try {
      const result = await this.client.send(
        new GetIceServerConfigCommand({ ChannelARN: access.channelArn, Service: 'TURN', ...(this.options.clientId ? { ClientId: this.options.clientId } : {}) }),
      );
      const list = result.IceServerList ?? [];
      const servers: RTCIceServer[] = access.kvsEndpoint ? [] : [{ urls: kvsStunUrl(access.region) }];
      for (const s of list) {
        if (!s.Uris?.length) continue;
        servers.push({ urls: s.Uris, ...(s.Username ? { username: s.Username } : {}), ...(s.Password ? { credential: s.Password } : {}) });
      }
      const ttlS = Math.min(...list.map((s) => s.Ttl ?? 300), 300);
      this.servers = servers;
      this.options.onChange?.(servers);
      this.schedule(Math.max(this.options.minRefreshMs ?? 5_000, ttlS * (this.options.refreshAt ?? 0.8) * 1000));
    } catch (error) {
      this.options.onError?.(error);
      this.schedule(this.options.retryMs ?? 15_000);
    }
    return this.servers;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (!this.closed) this.timer = setTimeout(() => void this.refresh(), ms);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }
}
