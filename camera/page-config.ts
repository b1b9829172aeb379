import { checkPageConfig, decodePageConfig, type PageConfig } from '../contracts/page-config.js';

export class PageConfigError extends Error {
  override name = 'PageConfigError';
}

/**
 * Interim, until the pages set themselves up (setup.html, a device grant exchanged at the access
 * API): a page's configuration from the URL fragment `#config=<base64url JSON>`, which only the
 * local world's enrollment helper writes for the tests and the benchmark (a fragment never
 * reaches a server). No page configuration is served to anyone any more.
 */
export async function loadPageConfig(location: { hash: string }): Promise<PageConfig> {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, '')).get('config');
  if (!fragment) throw new PageConfigError('This page is not set up on this browser: open the setup page (setup.html) and set it up there.');
  let parsed: unknown;
  try {
    parsed = decodePageConfig(fragment);
  } catch {
    throw new PageConfigError('The configuration in the page address is damaged: set the page up again from the setup page.');
  }
  const result = checkPageConfig(parsed);
  if ('problem' in result) throw new PageConfigError(result.problem);
  return result.config;
}
