import { Role, SignalingClient, type RequestSigner } from 'amazon-kinesis-video-streams-webrtc';
import type { KvsRole } from '../kvs/channel.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';

export type SignalingState =
  | { kind: 'connecting'; attempt: number }
  | { kind: 'open'; since: number }
  | { kind: 'reconnecting'; attempt: number; inMs: number; reason: string }
  | { kind: 'closed' };

export interface SignalingHandlers {
  onOffer?: (offer: RTCSessionDescriptionInit, senderClientId: string | undefined) => void;
  onAnswer?: (answer: RTCSessionDescriptionInit, senderClientId: string | undefined) => void;
  onCandidate?: (candidate: RTCIceCandidateInit, senderClientId: string | undefined) => void;
  onState?: (state: SignalingState) => void;
  /** KVS asks clients to fetch fresh ICE servers (RECONNECT_ICE_SERVER). */
  onIceServersStale?: () => void;
}

export interface SignalingConnectionOptions extends SignalingHandlers {
  /** The channel to signal on. */
  channel: { channelArn: string; region: string };
  role: KvsRole;
  /** Required for VIEWER. */
  clientId?: string;
  /** Resolves the wss:// or ws:// endpoint; called for every (re)connection. */
  endpoint: () => Promise<string>;
  /** The signer for an endpoint (SigV4 for wss://, the local presigner for ws://). */
  signer: (endpoint: string) => RequestSigner;
  backoff?: BackoffOptions;
  /** Reconnect proactively after this long, before KVS's one-hour connection limit cuts us. */
  maxConnectionMs?: number;
}

interface ControlMessage {
  messageType?: string;
}

/**
 * Closes a client whose events no longer matter. A socket closed while still connecting reports
 * an error afterwards, which the SDK re-emits; an emitter with no 'error' listener would throw it.
 */
function discard(client: SignalingClient): void {
  client.removeAllListeners();
  client.on('error', () => undefined);
  client.close();
}

/**
 * One logical signaling connection that stays up: when the WebSocket closes (idle timeout, the
 * one-hour limit, GO_AWAY, network loss) it opens a new one after a jittered backoff. Peer
 * connections do not depend on it once established, so media keeps flowing meanwhile.
 */
export class SignalingConnection {
  private client: SignalingClient | undefined;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lifetimeTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = true;
  /** Bumped by stop(): a connect() still resolving its endpoint from before then must not go on. */
  private generation = 0;
  private state: SignalingState = { kind: 'closed' };

  constructor(private readonly options: SignalingConnectionOptions) {}

  get currentState(): SignalingState {
    return this.state;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.generation += 1;
    clearTimeout(this.timer);
    clearTimeout(this.lifetimeTimer);
    const client = this.client;
    this.client = undefined;
    if (client) discard(client);
    this.setState({ kind: 'closed' });
  }

  /**
   * After a wake from sleep or a network change the socket may be dead without knowing it (no
   * close arrives until TCP gives up): open a new one now, without backoff. Peer connections do
   * not depend on the socket, so live sessions are not touched.
   */
  reconnectNow(reason: string): void {
    if (this.stopped) return;
    if (this.client) return this.replace(this.client, reason, 0);
    if (this.state.kind === 'reconnecting') {
      clearTimeout(this.timer);
      this.attempt = 0;
      void this.connect();
    }
  }

  private setState(state: SignalingState): void {
    this.state = state;
    this.options.onState?.(state);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const generation = this.generation;
    this.setState({ kind: 'connecting', attempt: this.attempt });
    let endpoint: string;
    try {
      endpoint = await this.options.endpoint();
    } catch (error) {
      if (generation === this.generation) this.retry(error instanceof Error ? error.message : String(error));
      return;
    }
    if (this.stopped || generation !== this.generation) return;
    const { channel, role } = this.options;
    const client = new SignalingClient({
      channelARN: channel.channelArn,
      channelEndpoint: endpoint,
      region: channel.region,
      role: role === 'MASTER' ? Role.MASTER : Role.VIEWER,
      // The signer asks for the page's current credentials each time it signs a connect.
      requestSigner: this.options.signer(endpoint),
      ...(role === 'VIEWER' ? { clientId: this.options.clientId } : {}),
    });
    this.client = client;
    let opened = false;
    client.on('open', () => {
      opened = true;
      this.attempt = 0;
      this.watchControlMessages(client);
      this.setState({ kind: 'open', since: Date.now() });
      const lifetime = this.options.maxConnectionMs ?? 55 * 60_000;
      clearTimeout(this.lifetimeTimer);
      this.lifetimeTimer = setTimeout(() => this.replace(client, 'connection lifetime reached'), lifetime);
    });
    client.on('sdpOffer', (offer: RTCSessionDescriptionInit, sender?: string) => this.options.onOffer?.(offer, sender));
    client.on('sdpAnswer', (answer: RTCSessionDescriptionInit, sender?: string) => this.options.onAnswer?.(answer, sender));
    client.on('iceCandidate', (candidate: RTCIceCandidateInit, sender?: string) => this.options.onCandidate?.(candidate, sender));
    // 'error' is always followed by 'close' for a WebSocket; the SDK also emits it when signing fails.
    client.on('error', () => {
      if (!opened && this.client === client) this.replace(client, 'could not connect');
    });
    client.on('close', () => {
      if (this.client === client) this.replace(client, opened ? 'connection closed' : 'could not connect');
    });
    client.open();
  }

  /**
   * The SDK drops messages it does not know (GO_AWAY, RECONNECT_ICE_SERVER), so the page reads
   * them from the SDK's WebSocket itself. GO_AWAY means "reconnect now": no backoff.
   */
  private watchControlMessages(client: SignalingClient): void {
    const socket = (client as unknown as { websocket: WebSocket | null }).websocket;
    socket?.addEventListener('message', (event: MessageEvent) => {
      let message: ControlMessage;
      try {
        message = JSON.parse(String(event.data)) as ControlMessage;
      } catch {
        return;
      }
      if (message.messageType === 'GO_AWAY') this.replace(client, 'GO_AWAY', 0);
      else if (message.messageType === 'RECONNECT_ICE_SERVER') this.options.onIceServersStale?.();
    });
  }

  private replace(client: SignalingClient, reason: string, delayMs?: number): void {
    if (this.client !== client) return;
    this.client = undefined;
    clearTimeout(this.lifetimeTimer);
    discard(client);
    this.retry(reason, delayMs);
  }

  private retry(reason: string, delayMs?: number): void {
    if (this.stopped) return;
    const inMs = delayMs ?? backoffDelay(this.attempt, this.options.backoff);
    this.attempt += 1;
    this.setState({ kind: 'reconnecting', attempt: this.attempt, inMs, reason });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connect(), inMs);
  }

  /** Sends through the open connection; false when it is down (the caller's peer keeps its state). */
  sendAnswer(answer: RTCSessionDescriptionInit, recipientClientId: string | undefined): boolean {
    return this.send((c) => c.sendSdpAnswer(answer as RTCSessionDescription, recipientClientId));
  }

  sendOffer(offer: RTCSessionDescriptionInit, recipientClientId?: string): boolean {
    return this.send((c) => c.sendSdpOffer(offer as RTCSessionDescription, recipientClientId));
  }

  sendCandidate(candidate: RTCIceCandidate | RTCIceCandidateInit, recipientClientId?: string): boolean {
    return this.send((c) => c.sendIceCandidate(candidate as RTCIceCandidate, recipientClientId));
  }

  private send(action: (client: SignalingClient) => void): boolean {
    if (!this.client || this.state.kind !== 'open') return false;
    try {
      action(this.client);
      return true;
    } catch {
      return false;
    }
  }
}
