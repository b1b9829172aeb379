/**
 * Setting a page up in a browser as a person does, for the browser tests: with the one-time setup
 * link `npm run camera-url` prints, or by signing in on the setup page (the local Login with
 * Amazon's "Allow") and choosing the doorbell, the role and a label. Either way the setup page
 * keeps the grant in that browser context's IndexedDB and opens the role's page, which then starts
 * by itself. One grant per role per origin: a second page of the same role needs its own context.
 */
import type { Page } from 'playwright-core';
import { PAGE_FILES, type PageRole } from '../../contracts/page-roles.js';

const onPageOf = (role: PageRole) => (url: URL) => url.pathname.endsWith(`/${PAGE_FILES[role]}`);

/** Opens a setup link (`…/setup.html#enroll=<code>`) and waits for the role's page it leads to. */
export async function setUpWithLink(page: Page, link: string, role: PageRole): Promise<void> {
  await page.goto(link);
  await page.waitForURL(onPageOf(role), { timeout: 20_000 });
}

/** Signs in on the setup page at `setupUrl` as `email` (the local LWA's one "Allow"), then sets this browser up as `role` of `endpointId`. */
export async function setUpBySigningIn(page: Page, setupUrl: string, o: { email: string; endpointId: string; role: PageRole; label?: string }): Promise<void> {
  await page.goto(setupUrl);
  await signIn(page, o.email);
  await page.waitForSelector('#enroll-section:not([hidden])', { timeout: 20_000 });
  await page.selectOption('#doorbell', o.endpointId);
  await page.check(`input[name=role][value=${o.role}]`);
  if (o.label) await page.fill('#label', o.label);
  await page.click('#enroll');
  await page.waitForURL(onPageOf(o.role), { timeout: 20_000 });
}

/** "Sign in with Amazon", then the local LWA's page: pick the user, Allow; back on the setup page. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.click('#sign-in:not([disabled])');
  await page.waitForURL(/\/ap\/oa/);
  await page.check(`input[name=email][value="${email}"]`);
  await page.click('button[value=allow]');
  await page.waitForURL((url) => url.pathname.endsWith('/setup.html'));
  await page.waitForFunction(() => document.getElementById('signin-state')?.textContent?.startsWith('Signed in as') || !!window.doorbellSetupError);
}
