import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { verifySigV4 } from '../sigv4/index.js';
import type { ChannelStore } from './channel-store.js';
import { mayConnectAs, mayUseChannel, type CredentialRegistry, type SignalingRole } from './credentials.js';
import type { Counters } from './counters.js';
import { AwsError, accessDenied, clientLimitExceeded, invalidArgument, resourceNotFound } from './errors.js';
import type { RateLimitConfig, RateLimiter } from './rate-limits.js';
import type { MessageAction, Peer, SignalingHub } from './signaling-hub.js';
import { RULES } from './validation.js';

export const MAX_VIEWERS_PER_CHANNEL = 10;
/** "10k" in the service quotas: the largest messagePayload a socket message may carry. */
export const MAX_SOCKET_PAYLOAD = 10 * 1024;
const ACTIONS: readonly MessageAction[] = ['SDP_OFFER', 'SDP_ANSWER', 'ICE_CANDIDATE'];
const CORRELATION_ID = /^[a-zA-Z0-9_.-]{1,256}$/;

export interface Faults {
  idleTimeoutMs?: number;
  maxConnectionMs?: number;
}

export interface SocketDeps {
  store: ChannelStore;
  hub: SignalingHub<Connection>;
  registry: CredentialRegistry;
  limiter: RateLimiter;
  limits: RateLimitConfig;
  counters: Counters;
  region: string;
  allowedClockSkewMs: number;
  faults: Faults;
  goAwayGraceMs: number;
}

let nextConnectionId = 1;

/** One signaling WebSocket: a master or a viewer on one channel. */
export class Connection implements Peer {
  readonly id = nextConnectionId++;
  private readonly connectedAt = Date.now();
  private idleTimer: NodeJS.Timeout | undefined;
  private maxTimer: NodeJS.Timeout | undefined;
  private goAwayTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly ws: WebSocket,
    readonly role: SignalingRole,
    readonly clientId: string,
    readonly channelArn: string,
    /** Unregisters the connection; called as soon as the server ends it, not when the close handshake completes. */
    private readonly gone: () => void,
  ) {}

  send(frame: string): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(frame);
  }

  /** Re-arms the idle and max-duration faults from the current settings. */
  arm(faults: Faults): void {
    clearTimeout(this.maxTimer);
    this.maxTimer = undefined;
    if (faults.maxConnectionMs !== undefined) {
      const left = Math.max(0, this.connectedAt + faults.maxConnectionMs - Date.now());
      this.maxTimer = setTimeout(() => this.close(1001, 'Maximum connection duration reached'), left);
    }
    this.touch(faults);
  }

  /** Activity from the client restarts the idle clock. */
  touch(faults: Faults): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (faults.idleTimeoutMs !== undefined) {
      this.idleTimer = setTimeout(() => this.close(1001, 'Idle connection timeout'), faults.idleTimeoutMs);
    }
  }

  goAway(graceMs: number): void {
    this.send(JSON.stringify({ messageType: 'GO_AWAY' }));
    clearTimeout(this.goAwayTimer);
    this.goAwayTimer = setTimeout(() => this.close(1001, 'Going away'), graceMs);
  }

  close(code: number, reason: string): void {
    this.clearTimers();
    this.gone();
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(code, reason);
  }

  /** Drops the TCP connection without a close frame, as a network failure would. */
  drop(): void {
    this.clearTimers();
    this.gone();
    this.ws.terminate();
  }

  clearTimers(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.maxTimer);
    clearTimeout(this.goAwayTimer);
  }
}

function refuse(socket: Duplex, err: AwsError): void {
  const body = err.body();
  socket.end(
    `HTTP/1.1 ${err.status} ${STATUS_CODES[err.status] ?? ''}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `x-amzn-ErrorType: ${err.type}\r\nConnection: close\r\n\r\n${body}`,
  );
  socket.destroy();
}

/** The signaling WebSocket endpoint (ConnectAsMaster / ConnectAsViewer) and its message handling. */
export class SignalingSockets {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  readonly connections = new Set<Connection>();

  constructor(private readonly deps: SocketDeps) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://localhost');
    const role: SignalingRole = url.searchParams.has('X-Amz-ClientId') ? 'VIEWER' : 'MASTER';
    this.deps.counters.count(role === 'MASTER' ? 'ConnectAsMaster' : 'ConnectAsViewer');
    let admitted: { channelArn: string; clientId: string };
    try {
      admitted = this.admit(req, url, role);
    } catch (err) {
      refuse(socket, err instanceof AwsError ? err : new AwsError('InternalFailure', 'Internal failure', 500));
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.open(ws, role, admitted.channelArn, admitted.clientId));
  }

  private admit(req: IncomingMessage, url: URL, role: SignalingRole): { channelArn: string; clientId: string } {
    const d = this.deps;
    const auth = verifySigV4(
      { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers },
      { service: 'kinesisvideo', region: d.region, lookupCredentials: d.registry.lookup, allowedClockSkewMs: d.allowedClockSkewMs },
    );
    if (!auth.ok) throw new AwsError(auth.errorType, auth.message, auth.status, 'message');
    const channelArn = url.searchParams.get('X-Amz-ChannelARN');
    if (!channelArn || !RULES.channelArn.pattern.test(channelArn) || channelArn.length > RULES.channelArn.max) {
      throw invalidArgument('X-Amz-ChannelARN is missing or not a valid channel ARN');
    }
    const clientId = role === 'VIEWER' ? url.searchParams.get('X-Amz-ClientId') ?? '' : '';
    if (role === 'VIEWER' && (!RULES.clientId.pattern.test(clientId) || clientId.length > RULES.clientId.max)) {
      throw invalidArgument('X-Amz-ClientId must match [a-zA-Z0-9_.-]+ and be 1 to 256 characters long');
    }
    const grant = d.registry.grant(auth.accessKeyId)!;
    if (!mayUseChannel(grant, channelArn) || !mayConnectAs(grant, role)) {
      const err = accessDenied(`User is not authorized to perform: kinesisvideo:ConnectAs${role === 'MASTER' ? 'Master' : 'Viewer'} on resource: ${channelArn}`);
      throw new AwsError(err.type, err.message, 403);
    }
    const channel = d.store.byArn(channelArn);
    if (!channel) throw resourceNotFound(`The requested channel is not found or not active.`);
    const action = role === 'MASTER' ? 'ConnectAsMaster' : 'ConnectAsViewer';
    if (!d.limiter.take(`channel:${channelArn}:${action}`, d.limits.channel[action])) {
      throw clientLimitExceeded(`${action} rate exceeded for channel ${channel.name}`);
    }
    if (role === 'VIEWER' && !d.hub.viewer(channelArn, clientId) && d.hub.viewerIds(channelArn).length >= MAX_VIEWERS_PER_CHANNEL) {
      throw clientLimitExceeded(`The channel already has the maximum of ${MAX_VIEWERS_PER_CHANNEL} connected viewers`);
    }
    return { channelArn, clientId };
  }

  private open(ws: WebSocket, role: SignalingRole, channelArn: string, clientId: string): void {
    let ended = false;
    const gone = () => {
      if (ended) return;
      ended = true;
      conn.clearTimers();
      this.connections.delete(conn);
      this.deps.hub.detach(channelArn, conn);
      this.deps.limiter.forget(`conn:${conn.id}:`);
    };
    const conn = new Connection(ws, role, clientId, channelArn, gone);
    this.connections.add(conn);
    conn.arm(this.deps.faults);
    ws.on('message', (data, isBinary) => {
      conn.touch(this.deps.faults);
      if (!isBinary) this.onMessage(conn, data.toString());
    });
    ws.on('ping', () => conn.touch(this.deps.faults));
    ws.on('error', () => undefined);
    ws.on('close', gone);
    // A newer master (or a viewer reusing its id) takes over the channel's routing; like the real
    // service, the older socket stays open but no longer receives messages.
    this.deps.hub.attach(channelArn, conn);
  }

  private onMessage(conn: Connection, text: string): void {
    let msg: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(text);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return;
      msg = parsed as Record<string, unknown>;
    } catch {
      return;
    }
    // The JS SDK sends camelCase keys, the C SDK capitalised ones.
    const pick = (name: string) => msg[name] ?? msg[name.charAt(0).toUpperCase() + name.slice(1)];
    const action = pick('action');
    const payload = pick('messagePayload');
    const recipient = pick('recipientClientId');
    const rawCorrelation = pick('correlationId');
    const correlationId = typeof rawCorrelation === 'string' && CORRELATION_ID.test(rawCorrelation) ? rawCorrelation : undefined;
    const failWith = (errorType: string, statusCode: number, description: string) => {
      if (correlationId === undefined) return;
      conn.send(JSON.stringify({
        messageType: 'STATUS_RESPONSE',
        statusResponse: { correlationId, success: false, errorType, statusCode: String(statusCode), description },
      }));
    };

    if (typeof action !== 'string' || !ACTIONS.includes(action as MessageAction)) {
      failWith('InvalidArgumentException', 400, `Unknown action '${String(action)}'`);
      return;
    }
    const messageAction = action as MessageAction;
    this.deps.counters.count(messageAction === 'SDP_OFFER' ? 'SendSdpOffer' : messageAction === 'SDP_ANSWER' ? 'SendSdpAnswer' : 'SendIceCandidate');
    if (typeof payload !== 'string' || payload.length === 0) {
      failWith('InvalidArgumentException', 400, 'messagePayload must be a non-empty base64 string');
      return;
    }
    if (payload.length > MAX_SOCKET_PAYLOAD) {
      failWith('InvalidArgumentException', 400, `messagePayload is longer than ${MAX_SOCKET_PAYLOAD} characters`);
      return;
    }
    if (!this.deps.limiter.take(`conn:${conn.id}:${messageAction}`, this.deps.limits.connection[messageAction])) {
      failWith('ClientLimitExceededException', 400, `${messageAction} rate exceeded for this connection`);
      return;
    }
    const channel = this.deps.store.byArn(conn.channelArn);
    if (!channel) {
      failWith('ResourceNotFoundException', 404, 'The channel no longer exists');
      return;
    }
    const ttlMs = channel.messageTtlSeconds * 1000;
    if (conn.role === 'VIEWER') {
      this.deps.hub.fromViewer(conn.channelArn, conn, messageAction, payload, ttlMs);
      return;
    }
    if (typeof recipient !== 'string' || !RULES.clientId.pattern.test(recipient) || recipient.length > RULES.clientId.max) {
      failWith('InvalidArgumentException', 400, 'recipientClientId is required from the master and must match [a-zA-Z0-9_.-]{1,256}');
      return;
    }
    this.deps.hub.fromMaster(conn.channelArn, messageAction, payload, recipient, ttlMs);
  }

  /** Connections of a channel: the current master when clientId is omitted, else that viewer. */
  find(channelArn: string, clientId?: string): Connection | undefined {
    return clientId === undefined ? this.deps.hub.master(channelArn) : this.deps.hub.viewer(channelArn, clientId);
  }

  rearmAll(): void {
    for (const c of this.connections) c.arm(this.deps.faults);
  }

  closeAll(): void {
    for (const c of [...this.connections]) c.drop();
    this.connections.clear();
    this.wss.close();
  }
}
