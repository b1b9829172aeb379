import type { WebSocket } from 'ws';
import type { SignalingRole } from './credentials.js';
import type { Peer } from './signaling-hub.js';

export interface Faults {
  idleTimeoutMs?: number;
  maxConnectionMs?: number;
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
