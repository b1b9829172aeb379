import type { DoorbellAccess } from '../access/doorbell-access.js';
import { IceServerCache } from '../ice/ice-servers.js';
import { ChannelError, resolveChannelEndpoints, type ChannelEndpoints, type KvsRole } from './channel.js';

export interface ChannelAccessOptions {
  /** Viewers pass their client id (GetIceServerConfig wants it); the master passes none. */
  clientId?: string;
  onIceServers?: (servers: RTCIceServer[]) => void;
}

/**
 * A page's way onto its signaling channel. The endpoints do not change, so they are resolved once,
 * on the first connection attempt that succeeds; later attempts only retry what failed. The ICE
 * servers are fetched before the first connection opens, so the first offer already finds them.
 */
export class ChannelAccess {
  private endpoints: ChannelEndpoints | undefined;
  private iceCache: IceServerCache | undefined;
  private failure: string | undefined;

  constructor(
    private readonly access: DoorbellAccess,
    private readonly role: KvsRole,
    private readonly options: ChannelAccessOptions = {},
  ) {}

  /** The WebSocket endpoint, for every (re)connection of the SignalingConnection. */
  async signalingEndpoint(): Promise<string> {
    try {
      if (!this.endpoints) {
        this.endpoints = await resolveChannelEndpoints(this.access, this.role);
        this.iceCache = new IceServerCache({
          access: this.access,
          httpsEndpoint: this.endpoints.https,
          ...(this.options.clientId ? { clientId: this.options.clientId } : {}),
          ...(this.options.onIceServers ? { onChange: this.options.onIceServers } : {}),
        });
        await this.iceCache.refresh();
      }
      this.failure = undefined;
      return this.endpoints.wss;
    } catch (error) {
      this.failure = error instanceof ChannelError ? error.message : String(error);
      if (error instanceof ChannelError && error.kind === 'bad-credentials') this.access.credentialsRefused?.();
      throw error;
    }
  }

  /** Why the last attempt to reach the channel failed, in words a person can act on. */
  get lastFailure(): string | undefined {
    return this.failure;
  }

  iceServers(): RTCIceServer[] {
    return this.iceCache?.current() ?? [];
  }

  /** KVS said the ICE servers went stale (RECONNECT_ICE_SERVER). */
  refreshIceServers(): void {
    void this.iceCache?.refresh();
  }
}
