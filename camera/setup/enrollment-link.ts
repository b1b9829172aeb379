import { ENROLL_FRAGMENT_KEY, enrollmentCodeOf } from '../../contracts/access-api/routes.js';

export type EnrollmentLink = { kind: 'none' } | { kind: 'code'; code: string } | { kind: 'malformed' };

/**
 * The one-time code of a setup link (`setup.html#enroll=<code>`, printed by `npm run camera-url`),
 * taken out of the address before anything else happens, so it is neither in the history nor
 * shown on screen. The code stays in memory until it is redeemed.
 */
export function takeEnrollmentCode(location: Pick<Location, 'hash' | 'pathname' | 'search'>, history: Pick<History, 'replaceState'>): EnrollmentLink {
  const hash = location.hash;
  if (!new URLSearchParams(hash.replace(/^#/, '')).has(ENROLL_FRAGMENT_KEY)) return { kind: 'none' };
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  const code = enrollmentCodeOf(hash);
  return code ? { kind: 'code', code } : { kind: 'malformed' };
}
