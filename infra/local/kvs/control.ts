import type { Connection, Faults } from './connection.js';
import type { Counters } from './counters.js';
import type { SignalingHub } from './signaling-hub.js';
import type { SignalingSockets } from './signaling-socket.js';

/**
 * How a test steers and watches the emulator, apart from what it emulates: socket faults, the
 * requests it served, who is connected. Nothing here exists in AWS, and no product path uses it.
 */
export interface KvsControl {
  /** Socket faults from now on (AWS: idle 10 min, at most 1 h); undefined clears them. */
  setFault(f: Faults | undefined): void;
  /** Ends a socket without a close frame (no clientId: the master); false when nobody is connected. */
  dropClient(channelArn: string, clientId?: string): boolean;
  /** Sends GO_AWAY, then closes after the grace period; false when nobody is connected. */
  goAway(channelArn: string, clientId?: string): boolean;
  /** Requests served per API action, e.g. `{ SendAlexaOfferToMaster: 3, ConnectAsMaster: 1 }`. */
  counters(): Record<string, number>;
  resetCounters(): void;
  clients(channelArn: string): { master: boolean; viewers: string[] };
  waitForMaster(channelArn: string, timeoutMs?: number): Promise<void>;
}

export function kvsControl(deps: {
  sockets: SignalingSockets;
  hub: SignalingHub<Connection>;
  counters: Counters;
  faults: Faults;
  goAwayGraceMs: number;
}): KvsControl {
  const { sockets, hub, counters, faults } = deps;
  return {
    setFault(f) {
      faults.idleTimeoutMs = f?.idleTimeoutMs;
      faults.maxConnectionMs = f?.maxConnectionMs;
      sockets.rearmAll();
    },
    dropClient(channelArn, clientId) {
      const conn = sockets.find(channelArn, clientId);
      conn?.drop();
      return conn !== undefined;
    },
    goAway(channelArn, clientId) {
      const conn = sockets.find(channelArn, clientId);
      conn?.goAway(deps.goAwayGraceMs);
      return conn !== undefined;
    },
    counters: () => counters.snapshot(),
    resetCounters: () => counters.reset(),
    clients: (channelArn) => ({ master: hub.master(channelArn) !== undefined, viewers: hub.viewerIds(channelArn) }),
    waitForMaster: (channelArn, timeoutMs = 10_000) => hub.waitForMaster(channelArn, timeoutMs),
  };
}
