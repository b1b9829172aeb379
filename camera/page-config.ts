import type { PageConfig } from './config.js';

export type PageRole = 'camera' | 'viewer' | 'doorbell';

export class PageConfigError extends Error {
  override name = 'PageConfigError';
}

/** Decodes base64url (no padding needed) into text. */
export function decodeBase64Url(value: string): string {
  const b64 = value.replace(/-/g, '+').replace(/_/g, '/');
  const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
  const binary = atob(padded);
  return new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)));
}

export function encodeBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function assertPageConfig(value: unknown): PageConfig {
  const c = value as Partial<PageConfig> | null;
  const missing = ['endpointId', 'region', 'channelName', 'channelArn', 'deviceApiUrl'].filter(
    (k) => typeof (c as Record<string, unknown> | null)?.[k] !== 'string',
  );
  if (!c || missing.length > 0) throw new PageConfigError(`The page configuration is incomplete (missing ${missing.join(', ') || 'everything'}).`);
  if (!c.credentials?.accessKeyId || !c.credentials.secretAccessKey) throw new PageConfigError('The page configuration carries no credentials.');
  if (!c.deviceApiSigning?.region || !c.deviceApiSigning.service) throw new PageConfigError('The page configuration does not say how to sign device API calls.');
  return { ...c, name: c.name ?? c.endpointId } as PageConfig;
}

/**
 * Where a page's configuration comes from: the URL fragment `#config=<base64url JSON>` (AWS: the
 * fragment never reaches a server), else `?doorbell=<endpointId>` fetched from the page's own
 * origin at `/local/page-config/{endpointId}?role=...` (the local stack).
 */
export async function loadPageConfig(
  location: { hash: string; search: string; origin: string },
  role: PageRole,
  fetchFn: typeof fetch = fetch,
): Promise<PageConfig> {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, '')).get('config');
  if (fragment) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(decodeBase64Url(fragment));
    } catch {
      throw new PageConfigError('The configuration in the page address is damaged; print a fresh URL with `npm run camera-url`.');
    }
    return assertPageConfig(parsed);
  }
  const endpointId = new URLSearchParams(location.search).get('doorbell');
  if (!endpointId) throw new PageConfigError('No doorbell given: open the page with ?doorbell=<endpointId> (local) or a URL printed by `npm run camera-url` (AWS).');
  const url = `${location.origin}/local/page-config/${encodeURIComponent(endpointId)}?role=${role}`;
  let response: Response;
  try {
    response = await fetchFn(url, { cache: 'no-store' });
  } catch {
    throw new PageConfigError('The local stack does not answer; is `npm start` running?');
  }
  if (response.status === 404) throw new PageConfigError(`There is no doorbell "${endpointId}" on the local stack.`);
  if (!response.ok) throw new PageConfigError(`The local stack refused the page configuration (HTTP ${response.status}).`);
  return assertPageConfig(await response.json());
}
