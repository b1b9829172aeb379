/**
 * Snapshots and the visitor history, defined once for the skill (presigns, the events table,
 * GetSnapshot's link), the camera page (capture and upload), the viewer page (history) and the
 * local world (the S3 stand-in, the Echo Show simulator). No zod here: the pages import it.
 *
 * - A snapshot is a JPEG the camera takes at a press or a motion start, at least
 *   SNAPSHOT_MIN_WIDTH wide, uploaded with a presigned S3 PUT whose content type and exact
 *   length are signed (S3 refuses any other), to a key the backend chose under the doorbell's prefix.
 * - Alexa gets a link to the skill's own snapshot route (`GET /v1/snapshots/<id>` on the access
 *   API's unsigned function URL): Alexa sends its Bearer token there, which a presigned S3 URL
 *   cannot take (S3 refuses two auth mechanisms in one request, and a presigned URL ignores who asks).
 */

export const SNAPSHOT_CONTENT_TYPE = 'image/jpeg';
/** The largest snapshot the presign allows (a 1280x720 JPEG at quality 0.8 is about 60-150 KB). */
export const SNAPSHOT_MAX_BYTES = 512 * 1024;
/** The narrowest snapshot the camera takes (Alexa wants at least 360 px on the shortest side). */
export const SNAPSHOT_MIN_WIDTH = 640;
/** How long the camera's presigned PUT is good for. */
export const SNAPSHOT_UPLOAD_EXPIRES_S = 180;
/** How long the viewer's presigned GETs of history pictures are good for. */
export const HISTORY_PICTURE_EXPIRES_S = 600;
/** How long a GetSnapshot link works: Amazon recommends 10 minutes. */
export const SNAPSHOT_LINK_TTL_S = 600;
/** Events and their pictures are kept this long (DynamoDB TTL, the bucket's lifecycle rule). */
export const EVENT_RETENTION_DAYS = 30;
/** A press and a motion at most this far apart are one visit. */
export const VISIT_GAP_MS = 15_000;
/**
 * A visit is at most this long: a tree that moves in the wind or a delivery van idling at the gate
 * would otherwise chain a whole afternoon of motion into one entry.
 */
export const VISIT_MAX_MS = 5 * 60_000;
/** How often the camera asks whether a press elsewhere wants a picture. */
export const SNAPSHOT_REQUEST_POLL_MS = 1_000;
/** A press's request for a picture that no camera took within this long is dropped. */
export const SNAPSHOT_REQUEST_TTL_MS = 30_000;
/** The largest history page. */
export const HISTORY_MAX_PAGE = 50;
export const HISTORY_DEFAULT_PAGE = 20;

export const EVENT_TYPES = ['PRESS', 'MOTION'] as const;
export type DoorbellEventType = (typeof EVENT_TYPES)[number];

/**
 * An event id sorts by time: epoch ms in 13 digits, then random hex, so a DynamoDB query on the
 * sort key reads newest first with ScanIndexForward false.
 */
export function eventIdAt(atMs: number, randomHex: string): string {
  return `${String(Math.floor(atMs)).padStart(13, '0')}-${randomHex}`;
}

export const EVENT_ID_PATTERN = /^\d{13}-[0-9a-f]{8,32}$/;

export function eventTimeOf(eventId: string): number {
  return Number(eventId.slice(0, 13));
}

/** The S3 key of an event's snapshot: under the doorbell's own prefix, chosen by the backend. */
export function snapshotKey(endpointId: string, eventId: string): string {
  return `${SNAPSHOT_KEY_PREFIX}${encodeURIComponent(endpointId)}/${eventId}.jpg`;
}

/** Every snapshot key starts with it (the IAM policies and the lifecycle rule name it). */
export const SNAPSHOT_KEY_PREFIX = 'snapshots/';

/** The skill's snapshot route for Alexa, on the access API's function URL. */
export const SNAPSHOT_ROUTE_PREFIX = '/v1/snapshots/';

export function snapshotLinkPath(linkId: string): string {
  return `${SNAPSHOT_ROUTE_PREFIX}${linkId}`;
}

/** The link id a path names (43 base64url characters: 32 random bytes), else undefined; the path may carry a prefix. */
export function matchSnapshotLinkPath(path: string): string | undefined {
  return /\/v1\/snapshots\/([A-Za-z0-9_-]{43})$/.exec(path)?.[1];
}
