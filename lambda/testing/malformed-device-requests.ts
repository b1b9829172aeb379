/**
 * Reproducible bad requests to the device API's motion, snapshot and history routes, for the fuzz:
 * each case is ONE fault applied to a request the route would take, so the error it must get
 * follows from the route's rules (contracts/device-api/, lambda/README.md): a body of the wrong
 * shape 400, a picture of another type 415 or over the size 413, an event the doorbell does not
 * have 404, a caller of another role or doorbell 403, a page token that is not this doorbell's
 * 400. A seeded PRNG picks them, so a failure names a seed and an index that replay exactly.
 */
import type { DeviceApiErrorCode } from '../../contracts/device-api/bodies.js';
import { DEVICE_API_ROUTES, deviceApiPath, type DeviceApiRoute } from '../../contracts/device-api/routes.js';
import type { PageRole } from '../../contracts/page-roles.js';
import { SNAPSHOT_MAX_BYTES } from '../../contracts/snapshots.js';
import { seededRandom } from './malformed-directives.js';

export interface DeviceRequestCase {
  label: string;
  method: string;
  path: string;
  /** The raw body text (undefined: none). */
  body?: string;
  query: string;
  role: PageRole;
  /** The caller's session name: the doorbell its credentials are for. */
  session: string;
  expected: DeviceApiErrorCode;
}

export interface DeviceFuzzSetup {
  /** The doorbell the camera and the viewer are for. */
  own: string;
  /** Another owner's doorbell. */
  foreign: string;
  /** A motion event of `own` without a picture. */
  motionEventId: string;
  /** A motion event of `foreign`: looked up under `own`, it does not exist. */
  foreignEventId: string;
  /** A real page token of `foreign`'s history. */
  foreignPageToken: string;
}

const ROLES: readonly PageRole[] = ['camera', 'button', 'viewer'];
const NEW_ROUTES: readonly DeviceApiRoute[] = ['motion', 'snapshotRequest', 'snapshotUpload', 'snapshotConfirm', 'history'];
const NOT_JSON = ['', '{', 'null', '[]', '"DETECTED"', '42', '{"state":}', '\u0000', 'x'.repeat(5000)];
const WRONG_VALUES: unknown[] = [null, 0, -1, 1.5, true, [], {}, '', 'x'.repeat(300), '😀'];
const BAD_EVENT_IDS: unknown[] = ['', 'not-an-event', '123-abc', '0000000000000-XYZ', `${'9'.repeat(13)}-${'a'.repeat(40)}`, '../../etc/passwd', 42, null];

type Choose = <T>(xs: readonly T[]) => T;

function request(route: DeviceApiRoute, w: DeviceFuzzSetup, over: Partial<DeviceRequestCase> & Pick<DeviceRequestCase, 'label' | 'expected'>): DeviceRequestCase {
  const { method, roles } = DEVICE_API_ROUTES[route];
  return { method, path: deviceApiPath(w.own, route), query: '', role: roles[0]!, session: w.own, ...over };
}

function uploadBody(w: DeviceFuzzSetup, over: Record<string, unknown> = {}): string {
  return JSON.stringify({ eventId: w.motionEventId, reason: 'MOTION', contentType: 'image/jpeg', contentLength: 1000, ...over });
}

function wrongCaller(pick: Choose, random: () => number, w: DeviceFuzzSetup): DeviceRequestCase {
  const route = pick(NEW_ROUTES);
  const allowed = DEVICE_API_ROUTES[route].roles as readonly PageRole[];
  const body = route === 'motion' ? '{"state":"DETECTED"}' : route === 'snapshotUpload' ? uploadBody(w) : route === 'snapshotConfirm' ? JSON.stringify({ eventId: w.motionEventId }) : undefined;
  if (random() < 0.5) {
    const role = pick(ROLES.filter((r) => !allowed.includes(r)));
    return request(route, w, { label: `${route}: as a ${role} page`, role, ...(body ? { body } : {}), expected: 'FORBIDDEN' });
  }
  // The right role, credentials for the other doorbell.
  return request(route, w, { label: `${route}: credentials of ${w.foreign}`, session: w.foreign, ...(body ? { body } : {}), expected: 'FORBIDDEN' });
}

function badMotion(pick: Choose): (w: DeviceFuzzSetup) => DeviceRequestCase {
  return (w) => {
    const body = pick([...NOT_JSON, ...WRONG_VALUES.map((v) => JSON.stringify({ state: v })), '{}', '{"state":"detected"}', '{"state":"MOVING"}', '{"online":true}']);
    return request('motion', w, { label: `motion: body ${JSON.stringify(body).slice(0, 40)}`, body, expected: 'BAD_REQUEST' });
  };
}

function badUpload(pick: Choose, random: () => number, w: DeviceFuzzSetup): DeviceRequestCase {
  const kind = pick(['type', 'size', 'length', 'event', 'foreign-event', 'reason', 'shape'] as const);
  const label = (what: string) => `snapshots: ${what}`;
  if (kind === 'type') {
    const contentType = pick(['image/png', 'image/gif', 'text/html', 'application/octet-stream', 'image/jpeg; charset=utf-8', 'IMAGE/JPEG', 'image/svg+xml', ' image/jpeg']);
    return request('snapshotUpload', w, { label: label(`type ${contentType}`), body: uploadBody(w, { contentType }), expected: 'UNSUPPORTED_MEDIA_TYPE' });
  }
  if (kind === 'size') {
    const contentLength = SNAPSHOT_MAX_BYTES + 1 + Math.floor(random() * 50_000_000);
    return request('snapshotUpload', w, { label: label(`${contentLength} bytes`), body: uploadBody(w, { contentLength }), expected: 'PAYLOAD_TOO_LARGE' });
  }
  if (kind === 'length') {
    const contentLength = pick([0, -1, 1.5, '1000', null, true, Number.MAX_SAFE_INTEGER + 2]);
    // A length past 2^53 is not an integer JavaScript can hold: refused as a bad body, not as too large.
    return request('snapshotUpload', w, { label: label(`length ${String(contentLength)}`), body: uploadBody(w, { contentLength }), expected: 'BAD_REQUEST' });
  }
  if (kind === 'event') {
    const eventId = pick(BAD_EVENT_IDS);
    return request('snapshotUpload', w, { label: label(`event id ${JSON.stringify(eventId)}`), body: uploadBody(w, { eventId }), expected: 'BAD_REQUEST' });
  }
  if (kind === 'foreign-event') {
    const eventId = random() < 0.5 ? w.foreignEventId : `${String(Date.now() - 1000).padStart(13, '0')}-${Math.floor(random() * 0xffffffff).toString(16).padStart(8, '0')}`;
    return request('snapshotUpload', w, { label: label(`event ${eventId} not of this doorbell`), body: uploadBody(w, { eventId }), expected: 'NOT_FOUND' });
  }
  if (kind === 'reason') {
    const reason = pick(['PRESS', 'press', 'RING', '', 1]);
    // PRESS names a real reason, not this event's: the event is a motion.
    return request('snapshotUpload', w, { label: label(`reason ${JSON.stringify(reason)}`), body: uploadBody(w, { reason }), expected: 'BAD_REQUEST' });
  }
  const body = pick([...NOT_JSON, '{}', JSON.stringify({ eventId: w.motionEventId }), uploadBody(w, { key: 'snapshots/garage/x.jpg' }).replace('"contentType"', '"content-type"')]);
  return request('snapshotUpload', w, { label: label(`body ${JSON.stringify(body).slice(0, 40)}`), body, expected: 'BAD_REQUEST' });
}

function badConfirm(pick: Choose, random: () => number, w: DeviceFuzzSetup): DeviceRequestCase {
  const kind = pick(['event', 'foreign', 'not-uploaded', 'shape'] as const);
  if (kind === 'event') {
    const eventId = pick(BAD_EVENT_IDS);
    return request('snapshotConfirm', w, { label: `confirm: event id ${JSON.stringify(eventId)}`, body: JSON.stringify({ eventId }), expected: 'BAD_REQUEST' });
  }
  if (kind === 'foreign') return request('snapshotConfirm', w, { label: "confirm: another doorbell's event", body: JSON.stringify({ eventId: w.foreignEventId }), expected: 'NOT_FOUND' });
  // No upload was asked for (or made): refused, nothing marked.
  if (kind === 'not-uploaded') return request('snapshotConfirm', w, { label: 'confirm: nothing uploaded', body: JSON.stringify({ eventId: w.motionEventId }), expected: 'BAD_REQUEST' });
  const body = pick([...NOT_JSON, '{}', JSON.stringify({ eventId: [w.motionEventId] }), `{"eventId":"${w.motionEventId}"`]);
  void random;
  return request('snapshotConfirm', w, { label: `confirm: body ${JSON.stringify(body).slice(0, 40)}`, body, expected: 'BAD_REQUEST' });
}

function badHistory(pick: Choose, random: () => number, w: DeviceFuzzSetup): DeviceRequestCase {
  const kind = pick(['foreign-token', 'token', 'limit'] as const);
  const b64 = (x: unknown) => Buffer.from(JSON.stringify(x)).toString('base64url');
  if (kind === 'foreign-token') return request('history', w, { label: "history: another doorbell's page token", query: `pageToken=${encodeURIComponent(w.foreignPageToken)}`, expected: 'BAD_REQUEST' });
  if (kind === 'token') {
    const token = pick([
      'x',
      '%%%',
      b64({}),
      b64({ v: 2, endpointId: w.own, after: '0000000000001-abcdef01' }),
      b64({ v: 1, endpointId: w.own, after: 'not-an-event' }),
      b64({ v: 1, endpointId: [w.own], after: '0000000000001-abcdef01' }),
      b64(null),
      b64('token'),
      'A'.repeat(2000 + Math.floor(random() * 4000)),
    ]);
    return request('history', w, { label: `history: page token ${token.slice(0, 30)}`, query: `pageToken=${encodeURIComponent(token)}`, expected: 'BAD_REQUEST' });
  }
  const limit = pick(['0', '-1', '51', '1.5', 'ten', '1e3', 'NaN', '9'.repeat(30)]);
  return request('history', w, { label: `history: limit ${limit}`, query: `limit=${encodeURIComponent(limit)}`, expected: 'BAD_REQUEST' });
}

/** `count` bad requests, the same ones for the same seed and setup. */
export function malformedDeviceRequests(seed: number, count: number, w: DeviceFuzzSetup): DeviceRequestCase[] {
  const random = seededRandom(seed);
  const pick: Choose = (xs) => xs[Math.floor(random() * xs.length)]!;
  const families: [(w: DeviceFuzzSetup) => DeviceRequestCase, number][] = [
    [(s) => wrongCaller(pick, random, s), 15],
    [(s) => badMotion(pick)(s), 15],
    [(s) => badUpload(pick, random, s), 35],
    [(s) => badConfirm(pick, random, s), 15],
    [(s) => badHistory(pick, random, s), 20],
  ];
  const total = families.reduce((sum, [, weight]) => sum + weight, 0);
  const out: DeviceRequestCase[] = [];
  for (let i = 0; i < count; i++) {
    let r = random() * total;
    const family = families.find(([, weight]) => (r -= weight) < 0)?.[0] ?? families[0]![0];
    out.push(family(w));
  }
  return out;
}
