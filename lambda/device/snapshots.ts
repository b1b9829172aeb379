/**
 * The camera's pictures: a press's request for one (which the camera polls for), the presigned PUT
 * of an event's picture (image/jpeg, its exact length, at most SNAPSHOT_MAX_BYTES, to a key the API
 * chooses under the doorbell's prefix), and the confirm that checks the object is in the bucket
 * before the history and GetSnapshot show it.
 */
import type { Runtime } from '../runtime.js';
import type { SnapshotConfirmResponse, SnapshotRequestResponse, SnapshotUpload, SnapshotUploadRequest } from '../../contracts/device-api/bodies.js';
import { SNAPSHOT_CONTENT_TYPE, SNAPSHOT_MAX_BYTES, SNAPSHOT_REQUEST_TTL_MS, SNAPSHOT_UPLOAD_EXPIRES_S, snapshotKey } from '../../contracts/snapshots.js';
import { DeviceApiFailure } from './function-url.js';

const noSuchDoorbell = () => new DeviceApiFailure('NOT_FOUND', 'No such doorbell.');
const noSuchEvent = () => new DeviceApiFailure('NOT_FOUND', 'No such event at this doorbell.');

export async function snapshotRequest(runtime: Runtime, endpointId: string): Promise<SnapshotRequestResponse> {
  const doorbell = await runtime.doorbells.get(endpointId);
  if (!doorbell) throw noSuchDoorbell();
  const pending = doorbell.pendingSnapshot;
  return { request: pending && runtime.now() - pending.requestedAt <= SNAPSHOT_REQUEST_TTL_MS ? pending : null };
}

export async function presignSnapshot(runtime: Runtime, endpointId: string, request: SnapshotUploadRequest): Promise<SnapshotUpload> {
  if (request.contentType !== SNAPSHOT_CONTENT_TYPE) throw new DeviceApiFailure('UNSUPPORTED_MEDIA_TYPE', `A snapshot must be ${SNAPSHOT_CONTENT_TYPE}.`);
  if (request.contentLength > SNAPSHOT_MAX_BYTES) throw new DeviceApiFailure('PAYLOAD_TOO_LARGE', `A snapshot must be at most ${SNAPSHOT_MAX_BYTES} bytes.`);
  // The event is looked up under the caller's own doorbell: another doorbell's event is not found.
  const event = await runtime.events.get(endpointId, request.eventId);
  if (!event) throw noSuchEvent();
  if (event.type !== request.reason) throw new DeviceApiFailure('BAD_REQUEST', `That event is a ${event.type.toLowerCase()}, not a ${request.reason.toLowerCase()}.`);
  if (event.snapshotBytes !== undefined) throw new DeviceApiFailure('BAD_REQUEST', 'That event has its picture already.');
  const key = snapshotKey(endpointId, event.eventId);
  const url = await runtime.bucket.presignPut(key, SNAPSHOT_CONTENT_TYPE, request.contentLength, SNAPSHOT_UPLOAD_EXPIRES_S);
  await runtime.events.setSnapshotKey(endpointId, event.eventId, key);
  if (event.type === 'PRESS') await runtime.doorbells.clearSnapshotRequest(endpointId, event.eventId);
  return { url, method: 'PUT', headers: { 'content-type': SNAPSHOT_CONTENT_TYPE }, expiresAt: runtime.now() + SNAPSHOT_UPLOAD_EXPIRES_S * 1000, maxBytes: SNAPSHOT_MAX_BYTES };
}

export async function confirmSnapshot(runtime: Runtime, endpointId: string, eventId: string): Promise<SnapshotConfirmResponse> {
  const event = await runtime.events.get(endpointId, eventId);
  if (!event) throw noSuchEvent();
  if (!event.snapshotKey) throw new DeviceApiFailure('BAD_REQUEST', 'No upload was asked for that event.');
  const stored = await runtime.bucket.head(event.snapshotKey);
  if (!stored) throw new DeviceApiFailure('BAD_REQUEST', 'The picture is not in the bucket: upload it first.');
  await runtime.events.markUploaded(endpointId, eventId, stored.bytes);
  await runtime.doorbells.recordLatestSnapshot(endpointId, { eventId, key: event.snapshotKey, at: event.at });
  return { eventId, bytes: stored.bytes };
}
