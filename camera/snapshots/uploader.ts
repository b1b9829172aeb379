/**
 * Takes and uploads an event's picture: the JPEG of the current frame, a presigned PUT from the
 * device API for exactly its length (the API picks the key), the PUT straight to S3, and the
 * confirm, after which the history and Alexa show it. One at a time; each upload's timing is kept
 * for the page and the benchmark.
 */
import type { DoorbellEventType } from '../../contracts/snapshots.js';
import { SNAPSHOT_CONTENT_TYPE, SNAPSHOT_MAX_BYTES } from '../../contracts/snapshots.js';
import type { DeviceApiClient } from '../device-api/client.js';
import { captureJpeg } from './capture.js';

export interface UploadedSnapshot {
  eventId: string;
  reason: DoorbellEventType;
  bytes: number;
  width: number;
  /** From the request to the confirm (capture, presign, PUT, confirm). */
  totalMs: number;
  captureMs: number;
  putMs: number;
}

export class SnapshotUploader {
  private queue: Promise<unknown> = Promise.resolve();
  readonly uploads: UploadedSnapshot[] = [];

  constructor(
    private readonly api: DeviceApiClient,
    private readonly video: HTMLVideoElement,
    private readonly onUpload: (result: UploadedSnapshot | Error) => void = () => undefined,
  ) {}

  /** Queues the picture of this event; resolves once it is uploaded (or failed: reported, not thrown). */
  take(eventId: string, reason: DoorbellEventType): Promise<void> {
    const run = this.queue.then(() => this.upload(eventId, reason)).then(
      (result) => {
        this.uploads.push(result);
        this.onUpload(result);
      },
      (error: unknown) => this.onUpload(error instanceof Error ? error : new Error(String(error))),
    );
    this.queue = run;
    return run;
  }

  private async upload(eventId: string, reason: DoorbellEventType): Promise<UploadedSnapshot> {
    const started = performance.now();
    const blob = await captureJpeg(this.video);
    const captured = performance.now();
    if (blob.size > SNAPSHOT_MAX_BYTES) throw new Error(`The picture is ${blob.size} bytes, over the ${SNAPSHOT_MAX_BYTES} the doorbell takes.`);
    const signed = await this.api.presignSnapshot({ eventId, reason, contentType: SNAPSHOT_CONTENT_TYPE, contentLength: blob.size });
    const putStarted = performance.now();
    const put = await fetch(signed.url, { method: 'PUT', body: blob, headers: signed.headers });
    if (!put.ok) throw new Error(`The picture's upload was refused (HTTP ${put.status}).`);
    const putDone = performance.now();
    await this.api.confirmSnapshot(eventId);
    return {
      eventId,
      reason,
      bytes: blob.size,
      width: Math.max(640, this.video.videoWidth),
      totalMs: performance.now() - started,
      captureMs: captured - started,
      putMs: putDone - putStarted,
    };
  }
}
