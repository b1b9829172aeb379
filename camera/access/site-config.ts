import { SITE_CONFIG_FILE, type SiteConfig } from '../../contracts/site-config.js';

/** Why a page cannot start, in words a person can act on. */
export class PageSetupError extends Error {
  override name = 'PageSetupError';
}

const isHttpUrl = (v: unknown): v is string => typeof v === 'string' && /^https?:\/\/[^/?#]+/.test(v);

/** The site config as fetched, checked: the config, or what is wrong with it. */
export function checkSiteConfig(value: unknown): { config: SiteConfig } | { problem: string } {
  const c = value as Partial<SiteConfig> | null;
  if (!c || typeof c !== 'object') return { problem: 'it is not a JSON object' };
  const missing: string[] = [];
  if (typeof c.region !== 'string' || !c.region) missing.push('region');
  if (!isHttpUrl(c.deviceApiUrl)) missing.push('deviceApiUrl');
  if (!isHttpUrl(c.accessApiUrl)) missing.push('accessApiUrl');
  if (!c.deviceApiSigning?.region || c.deviceApiSigning.service !== 'lambda') missing.push('deviceApiSigning');
  if (c.kvsEndpoint !== undefined && !isHttpUrl(c.kvsEndpoint)) missing.push('kvsEndpoint');
  if (!isHttpUrl(c.signIn?.authorizeUrl) || !c.signIn?.clientId) missing.push('signIn');
  if (c.credentialsRenewAt !== undefined && !(typeof c.credentialsRenewAt === 'number' && c.credentialsRenewAt > 0 && c.credentialsRenewAt < 1)) missing.push('credentialsRenewAt');
  if (missing.length) return { problem: `it lacks or has a wrong ${missing.join(', ')}` };
  return { config: c as SiteConfig };
}

/**
 * `site-config.json` from beside the page on its own origin: the only place a page learns where
 * the APIs are. Nothing is ever read from the page's address, so a link cannot point a page at
 * someone else's service.
 */
export async function loadSiteConfig(base: string = document.baseURI, fetchFn: typeof fetch = (...a) => fetch(...a)): Promise<SiteConfig> {
  const url = new URL(SITE_CONFIG_FILE, base);
  let response: Response;
  try {
    response = await fetchFn(url.toString(), { cache: 'no-store', credentials: 'same-origin' });
  } catch {
    throw new PageSetupError(`This site's ${SITE_CONFIG_FILE} cannot be loaded (offline?). Reload the page when the network is back.`);
  }
  if (!response.ok) throw new PageSetupError(`This site has no usable ${SITE_CONFIG_FILE} (HTTP ${response.status}): the pages are not deployed completely.`);
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch {
    throw new PageSetupError(`This site's ${SITE_CONFIG_FILE} is not JSON.`);
  }
  const checked = checkSiteConfig(parsed);
  if ('problem' in checked) throw new PageSetupError(`This site's ${SITE_CONFIG_FILE} is not usable: ${checked.problem}.`);
  return checked.config;
}
