/**
 * The viewer's history: the doorbell's events newest first, a page at a time, grouped into visits
 * (visits.ts), each with a presigned GET of its picture. The page token is opaque to the page and
 * bound to the doorbell: it names the doorbell and the last event read, so a token of another
 * doorbell is refused (400) rather than read against this one.
 */
import type { Runtime } from '../runtime.js';
import { HistoryLimitSchema, type HistoryEvent, type HistoryPage } from '../../contracts/device-api/bodies.js';
import { EVENT_ID_PATTERN, HISTORY_DEFAULT_PAGE, HISTORY_PICTURE_EXPIRES_S } from '../../contracts/snapshots.js';
import type { EventItem } from '../../contracts/tables.js';
import { DeviceApiFailure } from './function-url.js';
import { groupVisits } from './visits.js';

/** How many more events a page may take to finish the visit it ends in. */
const VISIT_LOOKAHEAD = 10;

interface PageToken {
  v: 1;
  endpointId: string;
  after: string;
}

function encodeToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeToken(text: string, endpointId: string): string {
  let token: Partial<PageToken> | undefined;
  try {
    token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<PageToken>;
  } catch {
    token = undefined;
  }
  if (!token || token.v !== 1 || typeof token.after !== 'string' || !EVENT_ID_PATTERN.test(token.after) || typeof token.endpointId !== 'string') {
    throw new DeviceApiFailure('BAD_REQUEST', 'The page token is not one this API handed out.');
  }
  if (token.endpointId !== endpointId) throw new DeviceApiFailure('BAD_REQUEST', 'The page token belongs to another doorbell; start from the first page.');
  return token.after;
}

function readLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return HISTORY_DEFAULT_PAGE;
  const parsed = HistoryLimitSchema.safeParse(Number(raw));
  if (!parsed.success) throw new DeviceApiFailure('BAD_REQUEST', 'limit must be a whole number from 1 to 50.');
  return parsed.data;
}

export async function readHistory(runtime: Runtime, endpointId: string, query: Record<string, string | undefined>): Promise<HistoryPage> {
  const limit = readLimit(query.limit);
  const after = query.pageToken ? decodeToken(query.pageToken, endpointId) : undefined;
  if (!(await runtime.doorbells.get(endpointId))) throw new DeviceApiFailure('NOT_FOUND', 'No such doorbell.');
  const page = await runtime.events.page(endpointId, limit + VISIT_LOOKAHEAD, after);
  // Whole visits until `limit` events are taken: the last one may run over by up to the lookahead.
  let taken = 0;
  for (const visit of groupVisits(page.items)) {
    if (taken >= limit) break;
    taken += visit.events.length;
  }
  const items = page.items.slice(0, taken);
  const more = taken < page.items.length || page.more;
  const events = await Promise.all(items.map((item) => historyEvent(runtime, item)));
  const last = items[items.length - 1];
  return { visits: groupVisits(events), ...(more && last ? { nextPageToken: encodeToken({ v: 1, endpointId, after: last.eventId }) } : {}) };
}

async function historyEvent(runtime: Runtime, item: EventItem): Promise<HistoryEvent> {
  const event: HistoryEvent = { eventId: item.eventId, type: item.type, at: item.at };
  if (item.snapshotKey && item.snapshotBytes !== undefined) {
    event.picture = { url: await runtime.bucket.presignGet(item.snapshotKey, HISTORY_PICTURE_EXPIRES_S), expiresAt: runtime.now() + HISTORY_PICTURE_EXPIRES_S * 1000 };
  }
  return event;
}
