/**
 * Presses from another page (the doorbell button) reach the camera as a request for a picture that
 * the press route records; the camera asks for it every SNAPSHOT_REQUEST_POLL_MS, so the visitor is
 * photographed about a second after pressing, while still at the door. (A press on the camera page
 * itself arrives the same way.) Each event's request is taken once.
 */
import { SNAPSHOT_REQUEST_POLL_MS } from '../../contracts/snapshots.js';
import type { DeviceApiClient } from '../device-api/client.js';
import type { SnapshotUploader } from './uploader.js';

export class SnapshotRequestPoll {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly taken = new Set<string>();
  private stopped = true;

  constructor(
    private readonly api: DeviceApiClient,
    private readonly uploader: SnapshotUploader,
    private readonly intervalMs = SNAPSHOT_REQUEST_POLL_MS,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    if (!this.stopped) this.timer = setTimeout(() => void this.poll(), ms);
  }

  private async poll(): Promise<void> {
    let wait = this.intervalMs;
    try {
      const { request } = await this.api.snapshotRequest();
      if (request && !this.taken.has(request.eventId)) {
        this.taken.add(request.eventId);
        void this.uploader.take(request.eventId, request.reason);
      }
    } catch {
      // The heartbeat shows the service's outages; here, only ask less often meanwhile.
      wait = this.intervalMs * 5;
    }
    this.schedule(wait);
  }
}
