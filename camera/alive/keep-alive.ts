import type { CredentialKeeper } from '../access/credential-keeper.js';
import type { Heartbeat } from '../device-api/heartbeat.js';
import type { SignalingConnection } from '../signaling/signaling-connection.js';
import { watchLifecycle, type LifecycleEvent } from './lifecycle.js';
import type { ScreenWakeLock } from './wake-lock.js';

export interface KeepAliveParts {
  keeper: CredentialKeeper;
  signaling: SignalingConnection;
  heartbeat?: Heartbeat;
  wakeLock?: ScreenWakeLock;
  /** What happened and what the page does about it, for the person looking at it. */
  onRecovery?: (message: string) => void;
}

export function describeRecovery(event: LifecycleEvent, sleptMs?: number): string | undefined {
  if (event === 'wake') return `Woke from sleep after ${Math.max(1, Math.round((sleptMs ?? 0) / 60_000))} min: renewing the credentials and reconnecting.`;
  if (event === 'online') return 'The network is back: renewing the credentials and reconnecting.';
  return undefined;
}

/**
 * Recovery of an unattended page: after a wake from sleep or a network change, fresh credentials
 * and a new signaling socket (the old one may be dead without knowing it) and a heartbeat now, so
 * Alexa sees the camera again at once; visible again, the credentials checked and the screen
 * wake lock asked for again. Every renewal re-signs the offline report kept for `pagehide`.
 */
export function keepAlive(parts: KeepAliveParts): () => void {
  const { keeper, signaling, heartbeat, wakeLock } = parts;
  const offRenewed = keeper.onRenewed(() => heartbeat?.refreshOfflineRequest());
  const offLifecycle = watchLifecycle((event, { sleptMs }) => {
    keeper.renewNow(event);
    heartbeat?.beatNow();
    if (event === 'visible') void wakeLock?.acquire();
    else signaling.reconnectNow(event === 'wake' ? 'woke from sleep' : 'network back');
    const message = describeRecovery(event, sleptMs);
    if (message) parts.onRecovery?.(message);
  });
  return () => {
    offRenewed();
    offLifecycle();
  };
}
