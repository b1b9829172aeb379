/**
 * The Echo Show page's view of the local Alexa (routes in infra/local/alexa/simulator/http-api.ts),
 * on the page's own origin.
 */
import type { DoorbellAnnouncement, MotionAnnouncement, PublicUserState } from '../simulator/local-alexa.js';
import type { DiscoveredEndpoint } from '../simulator/user-store.js';

// The routes' answers are typed once, where the local Alexa produces them.
export type DiscoveredDevice = DiscoveredEndpoint;
export type AlexaUser = PublicUserState;
export type Announcement = DoorbellAnnouncement;
export type Motion = MotionAnnouncement;

export class AlexaApiError extends Error {
  override name = 'AlexaApiError';
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown, keepalive = false): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      cache: 'no-store',
      keepalive,
      // Every POST is JSON, {} at least: the local Alexa refuses any other POST (a cross-site form).
      ...(method === 'GET' ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) }),
    });
  } catch {
    throw new AlexaApiError('OFFLINE', 'The local stack does not answer; is `npm start` running?');
  }
  const json = (await response.json().catch(() => undefined)) as { error?: { type: string; message: string } } | undefined;
  if (!response.ok) {
    throw new AlexaApiError(json?.error?.type ?? `HTTP_${response.status}`, json?.error?.message ?? `The local Alexa answered ${response.status}.`);
  }
  return json as T;
}

export function alexaApi(user: string) {
  const base = `/alexa/api/users/${encodeURIComponent(user)}`;
  return {
    users: () => call<AlexaUser[]>('GET', '/alexa/api/users'),
    state: () => call<AlexaUser>('GET', base),
    /** Browser account linking goes through LWA's sign-in page and comes back here. */
    linkUrl: () => `/alexa/link?user=${encodeURIComponent(user)}`,
    unlink: () => call<AlexaUser>('POST', `${base}/unlink`),
    discover: () => call<AlexaUser>('POST', `${base}/discover`),
    startSession: (endpointId: string, offer: string) =>
      call<{ sessionId: string; answer: string }>('POST', `${base}/sessions`, { endpointId, offer }),
    connected: (sessionId: string) => call<unknown>('POST', `${base}/sessions/${encodeURIComponent(sessionId)}/connected`),
    // keepalive: a hang-up from `pagehide` (tab closed) still reaches Alexa.
    disconnected: (sessionId: string) => call<unknown>('POST', `${base}/sessions/${encodeURIComponent(sessionId)}/disconnected`, undefined, true),
    reportState: (endpointId: string) => call<{ connectivity: string; detectionState: string }>('GET', `${base}/devices/${encodeURIComponent(endpointId)}/state`),
    /** The latest picture, fetched as the Alexa app does (GetSnapshot, then its URI with the Bearer token). */
    snapshotUrl: (endpointId: string) => `${base}/devices/${encodeURIComponent(endpointId)}/snapshot?at=${Date.now()}`,
    announcements(onPress: (a: Announcement) => void, onMotion?: (m: Motion) => void): EventSource {
      const source = new EventSource(`${base}/announcements`);
      source.addEventListener('doorbell', (e) => onPress(JSON.parse((e as MessageEvent<string>).data) as Announcement));
      if (onMotion) source.addEventListener('motion', (e) => onMotion(JSON.parse((e as MessageEvent<string>).data) as Motion));
      return source;
    },
  };
}

export type AlexaApi = ReturnType<typeof alexaApi>;
