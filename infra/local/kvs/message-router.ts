import { MAX_MESSAGE_PAYLOAD_CHARS } from '../../../contracts/kvs/alexa-offer.js';
import type { ChannelStore } from './channel-store.js';
import type { Connection } from './connection.js';
import type { Counters } from './counters.js';
import type { RateLimiter } from './rate-limits.js';
import type { MessageAction, SignalingHub } from './signaling-hub.js';
import { RULES } from './validation.js';

const ACTIONS: readonly MessageAction[] = ['SDP_OFFER', 'SDP_ANSWER', 'ICE_CANDIDATE'];
const CORRELATION_ID = /^[a-zA-Z0-9_.-]{1,256}$/;
const COUNTER_NAMES: Record<MessageAction, string> = { SDP_OFFER: 'SendSdpOffer', SDP_ANSWER: 'SendSdpAnswer', ICE_CANDIDATE: 'SendIceCandidate' };

export interface RouterDeps {
  store: ChannelStore;
  hub: SignalingHub<Connection>;
  limiter: RateLimiter;
  counters: Counters;
}

/** Checks one client frame from a signaling socket and hands it to the hub, or answers STATUS_RESPONSE. */
export class MessageRouter {
  constructor(private readonly deps: RouterDeps) {}

  route(conn: Connection, text: string): void {
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
    this.deps.counters.count(COUNTER_NAMES[messageAction]);
    if (typeof payload !== 'string' || payload.length === 0) {
      failWith('InvalidArgumentException', 400, 'messagePayload must be a non-empty base64 string');
      return;
    }
    if (payload.length > MAX_MESSAGE_PAYLOAD_CHARS) {
      failWith('InvalidArgumentException', 400, `messagePayload is longer than ${MAX_MESSAGE_PAYLOAD_CHARS} characters`);
      return;
    }
    if (!this.deps.limiter.connection(conn.id, messageAction)) {
      failWith('ClientLimitExceededException', 400, `${messageAction} rate exceeded for this connection`);
      return;
    }
    // A socket is admitted to an existing channel only, and channels are never deleted.
    const channel = this.deps.store.byArn(conn.channelArn)!;
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
}
