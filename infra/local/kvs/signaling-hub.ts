import type { SignalingRole } from './credentials.js';

/** A connected signaling client as the hub sees it: something that takes text frames. */
export interface Peer {
  readonly role: SignalingRole;
  /** The viewer's X-Amz-ClientId; empty for the master. */
  readonly clientId: string;
  send(frame: string): void;
}

export type MessageAction = 'SDP_OFFER' | 'SDP_ANSWER' | 'ICE_CANDIDATE';

interface Pending {
  frame: string;
  expiresAt: number;
  /** Set on an Alexa offer, so it is withdrawn when its HTTP request ends. */
  alexa?: AlexaWaiter;
}

interface AlexaWaiter {
  resolve(answer: string | null): void;
}

class Room<P extends Peer> {
  master: P | undefined;
  readonly viewers = new Map<string, P>();
  toMaster: Pending[] = [];
  readonly toViewer = new Map<string, Pending[]>();
  readonly alexa = new Map<string, AlexaWaiter>();
  readonly masterWaiters = new Set<() => void>();

  isEmpty(): boolean {
    return !this.master && this.viewers.size === 0 && this.toMaster.length === 0 && this.toViewer.size === 0 && this.alexa.size === 0 && this.masterWaiters.size === 0;
  }
}

// Bounds memory when a peer never shows up; the TTL would drop these anyway.
const MAX_QUEUED_PER_RECIPIENT = 200;

/**
 * Routes signaling messages between the peers of each channel: viewers to the master, the master
 * to a named viewer, Alexa offers to the master and its answers back. Messages for a peer that is
 * not connected wait for it until the channel's message TTL.
 */
export class SignalingHub<P extends Peer> {
  private readonly rooms = new Map<string, Room<P>>();

  constructor(private readonly now: () => number = Date.now) {}

  private room(arn: string): Room<P> {
    let room = this.rooms.get(arn);
    if (!room) {
      room = new Room<P>();
      this.rooms.set(arn, room);
    }
    return room;
  }

  private tidy(arn: string): void {
    if (this.rooms.get(arn)?.isEmpty()) this.rooms.delete(arn);
  }

  /** Registers a peer; a newer master, or a viewer reusing a client id, takes over from the older one. Returns the one replaced. */
  attach(arn: string, peer: P): P | undefined {
    const room = this.room(arn);
    let replaced: P | undefined;
    if (peer.role === 'MASTER') {
      replaced = room.master;
      room.master = peer;
      const queued = room.toMaster;
      room.toMaster = [];
      this.deliver(peer, queued);
      for (const wake of room.masterWaiters) wake();
      room.masterWaiters.clear();
    } else {
      replaced = room.viewers.get(peer.clientId);
      room.viewers.set(peer.clientId, peer);
      const queued = room.toViewer.get(peer.clientId) ?? [];
      room.toViewer.delete(peer.clientId);
      this.deliver(peer, queued);
    }
    return replaced;
  }

  detach(arn: string, peer: P): void {
    const room = this.rooms.get(arn);
    if (!room) return;
    if (peer.role === 'MASTER' && room.master === peer) room.master = undefined;
    if (peer.role === 'VIEWER' && room.viewers.get(peer.clientId) === peer) room.viewers.delete(peer.clientId);
    this.tidy(arn);
  }

  master(arn: string): P | undefined {
    return this.rooms.get(arn)?.master;
  }

  viewer(arn: string, clientId: string): P | undefined {
    return this.rooms.get(arn)?.viewers.get(clientId);
  }

  viewerIds(arn: string): string[] {
    return [...(this.rooms.get(arn)?.viewers.keys() ?? [])];
  }

  /** A viewer's message: always for the master, tagged with the viewer's client id. */
  fromViewer(arn: string, viewer: P, action: MessageAction, messagePayload: string, ttlMs: number): void {
    const frame = JSON.stringify({ messageType: action, messagePayload, senderClientId: viewer.clientId });
    this.toMaster(arn, { frame, expiresAt: this.now() + ttlMs });
  }

  /** The master's message for one recipient: an Alexa session waiting on an answer, or a viewer. */
  fromMaster(arn: string, action: MessageAction, messagePayload: string, recipientClientId: string, ttlMs: number): void {
    const room = this.room(arn);
    const waiter = room.alexa.get(recipientClientId);
    if (waiter) {
      // Alexa is not trickle ICE: only the answer matters, candidates for it have nowhere to go.
      if (action === 'SDP_ANSWER') waiter.resolve(messagePayload);
      return;
    }
    const frame = JSON.stringify({ messageType: action, messagePayload });
    const viewer = room.viewers.get(recipientClientId);
    if (viewer) {
      viewer.send(frame);
      return;
    }
    this.sweep(room);
    const queue = room.toViewer.get(recipientClientId) ?? [];
    queue.push({ frame, expiresAt: this.now() + ttlMs });
    room.toViewer.set(recipientClientId, queue.slice(-MAX_QUEUED_PER_RECIPIENT));
  }

  /** Forgets expired messages for viewers that never came, so their queues do not pile up. */
  private sweep(room: Room<P>): void {
    for (const [id, queue] of room.toViewer) {
      const live = this.live(queue);
      if (live.length === 0) room.toViewer.delete(id);
      else if (live.length !== queue.length) room.toViewer.set(id, live);
    }
  }

  /**
   * Hands an Alexa offer to the master (now, or when one connects within the TTL) and resolves
   * with the master's answer payload, or null when none comes before `timeoutMs`.
   */
  sendAlexaOffer(arn: string, senderClientId: string, messagePayload: string, opts: { ttlMs: number; timeoutMs: number; signal?: AbortSignal }): Promise<string | null> {
    const room = this.room(arn);
    room.alexa.get(senderClientId)?.resolve(null);
    return new Promise((resolve) => {
      let done = false;
      const finish = (answer: string | null) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        if (room.alexa.get(senderClientId) === waiter) room.alexa.delete(senderClientId);
        room.toMaster = room.toMaster.filter((p) => p.alexa !== waiter);
        this.tidy(arn);
        resolve(answer);
      };
      const onAbort = () => finish(null);
      const waiter: AlexaWaiter = { resolve: finish };
      const timer = setTimeout(() => finish(null), opts.timeoutMs);
      room.alexa.set(senderClientId, waiter);
      opts.signal?.addEventListener('abort', onAbort);
      const frame = JSON.stringify({ messageType: 'SDP_OFFER', messagePayload, senderClientId });
      this.toMaster(arn, { frame, expiresAt: this.now() + Math.min(opts.ttlMs, opts.timeoutMs), alexa: waiter });
    });
  }

  /** Resolves once a master is connected; rejects after `timeoutMs`. */
  waitForMaster(arn: string, timeoutMs: number): Promise<void> {
    if (this.rooms.get(arn)?.master) return Promise.resolve();
    const room = this.room(arn);
    return new Promise((resolve, reject) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        room.masterWaiters.delete(wake);
        this.tidy(arn);
        reject(new Error(`No master connected on ${arn} within ${timeoutMs} ms`));
      }, timeoutMs);
      room.masterWaiters.add(wake);
    });
  }

  /** Forgets a channel when the emulator closes: unanswered Alexa offers get null. Its sockets are the caller's to close. */
  closeChannel(arn: string): void {
    const room = this.rooms.get(arn);
    if (!room) return;
    for (const w of [...room.alexa.values()]) w.resolve(null);
    room.master = undefined;
    room.viewers.clear();
    room.toMaster = [];
    room.toViewer.clear();
    this.tidy(arn);
  }

  private toMaster(arn: string, pending: Pending): void {
    const room = this.room(arn);
    if (room.master) {
      room.master.send(pending.frame);
      return;
    }
    room.toMaster = [...this.live(room.toMaster), pending].slice(-MAX_QUEUED_PER_RECIPIENT);
  }

  private live(queue: Pending[]): Pending[] {
    const now = this.now();
    return queue.filter((p) => p.expiresAt > now);
  }

  private deliver(peer: P, queue: Pending[]): void {
    for (const p of this.live(queue)) peer.send(p.frame);
  }
}
