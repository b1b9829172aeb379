import { HEARTBEAT_INTERVAL_MS } from '../../contracts/device-api/routes.js';
import { DeviceApiCallError, type DeviceApiClient, type SignedRequest } from './client.js';

export type HeartbeatState =
  | { kind: 'starting' }
  | { kind: 'online'; lastSeenAt: number }
  | { kind: 'failing'; message: string; unreachable: boolean; retryInMs: number }
  | { kind: 'stopped' };

export interface HeartbeatOptions {
  intervalMs?: number;
  /** First retry delay after a failure; doubles up to intervalMs. */
  retryMs?: number;
  onState?: (state: HeartbeatState) => void;
}

/**
 * Tells the skill the camera is online every interval (so Alexa's ReportState says so), retries
 * sooner after a failure, and says "offline" when stopped or when the page goes away.
 */
export class Heartbeat {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private failures = 0;
  private offlineRequest: SignedRequest | undefined;
  private readonly intervalMs: number;
  private readonly retryMs: number;

  constructor(private readonly client: DeviceApiClient, private readonly options: HeartbeatOptions = {}) {
    this.intervalMs = options.intervalMs ?? HEARTBEAT_INTERVAL_MS;
    this.retryMs = options.retryMs ?? 2_000;
  }

  start(): void {
    this.stopped = false;
    this.options.onState?.({ kind: 'starting' });
    // Signed before the first beat too: a tab closed right after it reported online still says goodbye.
    this.refreshOfflineRequest();
    void this.beat();
  }

  /** Whether `pagehide` has a signed offline report to send. */
  get offlineReportReady(): boolean {
    return this.offlineRequest !== undefined;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (!this.stopped) this.timer = setTimeout(() => void this.beat(), ms);
  }

  private async beat(): Promise<void> {
    try {
      const status = await this.client.reportStatus(true);
      this.failures = 0;
      if (this.stopped) return;
      this.options.onState?.({ kind: 'online', lastSeenAt: status.lastSeenAt });
      this.schedule(this.intervalMs);
    } catch (e) {
      this.failures += 1;
      if (this.stopped) return;
      const retryInMs = Math.min(this.intervalMs, this.retryMs * 2 ** (this.failures - 1));
      const err = e instanceof DeviceApiCallError ? e : new DeviceApiCallError(String(e), 0);
      this.options.onState?.({ kind: 'failing', message: err.message, unreachable: err.unreachable, retryInMs });
      this.schedule(retryInMs);
    }
    this.refreshOfflineRequest();
  }

  /** Back from sleep or offline, or visible again: beat now rather than at the next interval. */
  beatNow(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    void this.beat();
  }

  /**
   * Signs the offline report ahead: `pagehide` leaves no time for asynchronous signing. Again after
   * every renewal of the page's credentials, so the one kept is never signed with expired ones.
   */
  refreshOfflineRequest(): void {
    if (this.stopped) return;
    this.client.prepareOffline().then((r) => (this.offlineRequest = r), () => undefined);
  }

  /** For `pagehide`: fire the pre-signed offline heartbeat with keepalive, without waiting. */
  sendOfflineNow(fetchFn: typeof fetch = fetch): void {
    this.halt();
    if (this.offlineRequest) fetchFn(this.offlineRequest.url, this.offlineRequest.init).catch(() => undefined);
  }

  /** Stops beating and reports offline (awaitable, for an orderly stop). */
  async stop(): Promise<void> {
    this.halt();
    await this.client.reportStatus(false).catch(() => undefined);
  }

  private halt(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.options.onState?.({ kind: 'stopped' });
  }
}
