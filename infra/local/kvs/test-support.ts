// Shared by this directory's tests: the real AWS clients and SignalingClient pointed at an emulator,
// signing as this test file's account (TEST_CREDENTIALS, the pair its emulators are started with) unless told otherwise.
import { KinesisVideoClient } from '@aws-sdk/client-kinesis-video';
import { KinesisVideoSignalingClient } from '@aws-sdk/client-kinesis-video-signaling';
import { Role, SignalingClient, type RequestSigner } from 'amazon-kinesis-video-streams-webrtc';
import WebSocket from 'ws';
import { LocalRequestSigner } from '../../../camera/kvs/local-request-signer.js';
import { LOCAL_REGION, newLocalCredentials } from '../local-account.js';

// Node 20 has no global WebSocket; the SDK's SignalingClient looks for one.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** The account-wide pair of this test file's emulators (fresh for every test file, as every world's is). */
export const TEST_CREDENTIALS = newLocalCredentials();

export function controlClient(endpoint: string, credentials: Creds = TEST_CREDENTIALS): KinesisVideoClient {
  return new KinesisVideoClient({ region: LOCAL_REGION, endpoint, credentials, maxAttempts: 1 });
}

export function signalingApiClient(endpoint: string, credentials: Creds = TEST_CREDENTIALS): KinesisVideoSignalingClient {
  return new KinesisVideoSignalingClient({ region: LOCAL_REGION, endpoint, credentials, maxAttempts: 1 });
}

export interface Received {
  type: 'sdpOffer' | 'sdpAnswer' | 'iceCandidate' | 'statusResponse';
  payload: unknown;
  senderClientId?: string;
}

/** A real SignalingClient with its events recorded and awaitable. */
export class TestPeer {
  readonly client: SignalingClient;
  readonly received: Received[] = [];
  private readonly waiters: { test: (r: Received) => boolean; resolve: (r: Received) => void }[] = [];
  readonly closed: Promise<void>;
  readonly errors: unknown[] = [];

  constructor(opts: { endpoint: string; channelArn: string; role: 'MASTER' | 'VIEWER'; clientId?: string; credentials?: Creds; systemClockOffset?: number; requestSigner?: RequestSigner }) {
    const wsEndpoint = opts.endpoint.replace(/^http/, 'ws');
    this.client = new SignalingClient({
      channelARN: opts.channelArn,
      channelEndpoint: wsEndpoint,
      region: LOCAL_REGION,
      role: opts.role === 'MASTER' ? Role.MASTER : Role.VIEWER,
      ...(opts.clientId ? { clientId: opts.clientId } : {}),
      requestSigner: opts.requestSigner ?? new LocalRequestSigner(LOCAL_REGION, opts.credentials ?? TEST_CREDENTIALS),
      ...(opts.systemClockOffset ? { systemClockOffset: opts.systemClockOffset } : {}),
    });
    const record = (type: Received['type']) => (payload: unknown, senderClientId?: string) => this.push({ type, payload, ...(senderClientId !== undefined ? { senderClientId } : {}) });
    this.client.on('sdpOffer', record('sdpOffer'));
    this.client.on('sdpAnswer', record('sdpAnswer'));
    this.client.on('iceCandidate', record('iceCandidate'));
    this.client.on('statusResponse', record('statusResponse'));
    this.client.on('error', (e: unknown) => this.errors.push(e));
    this.closed = new Promise((resolve) => this.client.on('close', () => resolve()));
  }

  private push(r: Received): void {
    this.received.push(r);
    for (const w of [...this.waiters]) {
      if (w.test(r)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(r);
      }
    }
  }

  /** Opens and resolves on 'open'; rejects if the socket closes first. */
  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.client.once('open', () => resolve());
      this.client.once('close', () => reject(new Error('closed before open')));
      this.client.open();
    });
  }

  next(type: Received['type'], test: (r: Received) => boolean = () => true, timeoutMs = 5000): Promise<Received> {
    const already = this.received.find((r) => r.type === type && test(r));
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ test: (r) => r.type === type && test(r), resolve: (r) => { clearTimeout(timer); resolve(r); } });
    });
  }

  close(): Promise<void> {
    this.client.close();
    return this.closed;
  }
}

export const offer = (n = 1) => ({ type: 'offer', sdp: `v=0\r\no=- ${n} 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n` });
export const answer = (n = 1) => ({ type: 'answer', sdp: `v=0\r\no=- ${n} 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n` });
export const candidate = (n = 1) => ({ candidate: `candidate:${n} 1 udp 2122260223 127.0.0.1 5${n}000 typ host`, sdpMid: '0', sdpMLineIndex: 0 });

/** Polls a condition (no fixed sleeps): resolves when it holds, rejects after timeoutMs. */
export async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
