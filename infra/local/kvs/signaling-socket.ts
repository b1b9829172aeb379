import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { verifySigV4 } from '../sigv4/index.js';
import type { ChannelStore } from './channel-store.js';
import { mayConnectAs, mayUseChannel, type CredentialRegistry, type SignalingRole } from './credentials.js';
import type { Counters } from './counters.js';
import { AwsError, accessDenied, clientLimitExceeded, invalidArgument, resourceNotFound } from './errors.js';
import type { RateLimiter } from './rate-limits.js';
import { Connection, type Faults } from './connection.js';
import { MessageRouter } from './message-router.js';
import type { SignalingHub } from './signaling-hub.js';
import { RULES } from './validation.js';
import type { RequestGuard } from '../request-guard.js';
import { awsRefusal } from './origin-policy.js';

export const MAX_VIEWERS_PER_CHANNEL = 10;

export interface SocketDeps {
  store: ChannelStore;
  hub: SignalingHub<Connection>;
  registry: CredentialRegistry;
  limiter: RateLimiter;
  counters: Counters;
  region: string;
  faults: Faults;
  /** Host and Origin of every upgrade, before its signature is looked at: a page elsewhere must not join a channel. */
  guard: RequestGuard;
}

function refuse(socket: Duplex, err: AwsError): void {
  const body = err.body();
  socket.end(
    `HTTP/1.1 ${err.status} ${STATUS_CODES[err.status] ?? ''}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `x-amzn-ErrorType: ${err.type}\r\nConnection: close\r\n\r\n${body}`,
  );
  // end() flushes first; the timer only guards against a peer that never reads.
  setTimeout(() => socket.destroy(), 1000).unref();
}

/** The signaling WebSocket endpoint (ConnectAsMaster / ConnectAsViewer) and its message handling. */
export class SignalingSockets {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  readonly connections = new Set<Connection>();

  private readonly router: MessageRouter;

  constructor(private readonly deps: SocketDeps) {
    this.router = new MessageRouter(deps);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const refused = this.deps.guard.refuseUpgrade(req);
    if (refused) {
      refuse(socket, awsRefusal(refused));
      return;
    }
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
      { service: 'kinesisvideo', region: d.region, lookupCredentials: d.registry.lookup },
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
    if (!d.limiter.channel(channelArn, action)) {
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
      this.deps.limiter.forgetConnection(conn.id);
    };
    const conn = new Connection(ws, role, clientId, channelArn, gone);
    this.connections.add(conn);
    conn.arm(this.deps.faults);
    ws.on('message', (data, isBinary) => {
      conn.touch(this.deps.faults);
      if (!isBinary) this.router.route(conn, data.toString());
    });
    ws.on('ping', () => conn.touch(this.deps.faults));
    ws.on('error', () => undefined);
    ws.on('close', gone);
    // A newer master (or a viewer reusing its id) takes over the channel's routing; like the real
    // service, the older socket stays open but no longer receives messages.
    this.deps.hub.attach(channelArn, conn);
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
