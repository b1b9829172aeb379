import { checkPageConfig, decodePageConfig, localPageConfigPath, type PageConfig } from '../contracts/page-config.js';
import type { PageRole } from '../contracts/page-roles.js';

export class PageConfigError extends Error {
  override name = 'PageConfigError';
}

function checked(value: unknown): PageConfig {
  const result = checkPageConfig(value);
  if ('problem' in result) throw new PageConfigError(result.problem);
  return result.config;
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
      parsed = decodePageConfig(fragment);
    } catch {
      throw new PageConfigError('The configuration in the page address is damaged; print a fresh URL with `npm run camera-url`.');
    }
    return checked(parsed);
  }
  const endpointId = new URLSearchParams(location.search).get('doorbell');
  if (!endpointId) throw new PageConfigError('No doorbell given: open the page with ?doorbell=<endpointId> (local) or a URL printed by `npm run camera-url` (AWS).');
  let response: Response;
  try {
    response = await fetchFn(`${location.origin}${localPageConfigPath(endpointId, role)}`, { cache: 'no-store' });
  } catch {
    throw new PageConfigError('The local stack does not answer; is `npm start` running?');
  }
  if (response.status === 404) throw new PageConfigError(`There is no doorbell "${endpointId}" on the local stack.`);
  if (!response.ok) throw new PageConfigError(`The local stack refused the page configuration (HTTP ${response.status}).`);
  return checked(await response.json());
}
