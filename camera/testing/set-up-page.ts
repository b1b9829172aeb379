/**
 * Setting a page up in a browser as a person does, for the browser tests: with the one-time setup
 * link `npm run camera-url` prints, or by signing in on the setup page (the local Login with
 * Amazon's "Allow") and choosing the doorbell, the role and a label. Either way the setup page
 * keeps the grant in that browser context's IndexedDB and opens the role's page, which then starts
 * by itself. One grant per role per origin: a second page of the same role needs its own context.
 */
import type { Page } from 'playwright-core';
import type { CredentialsResponse, PageCredentials } from '../../contracts/access-api/bodies.js';
import { ACCESS_API_ROUTES } from '../../contracts/access-api/routes.js';
import { PAGE_FILES, type PageRole } from '../../contracts/page-roles.js';
import { lockNameOf } from '../access/credential-keeper.js';
import { GRANT_DATABASE, type GrantRecord } from '../access/grant-store.js';

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

/** The grant this browser context keeps for `role` (read from IndexedDB on the page's origin). */
export async function storedGrant(page: Page, role: PageRole): Promise<string | undefined> {
  return page.evaluate(
    ([db, role]) =>
      new Promise<string | undefined>((resolve, reject) => {
        const open = indexedDB.open(db.name, db.version);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction(db.store).objectStore(db.store).get(role);
          get.onsuccess = () => {
            open.result.close();
            resolve((get.result as GrantRecord | undefined)?.grant);
          };
          get.onerror = () => reject(get.error);
        };
      }),
    [GRANT_DATABASE, role] as const,
  );
}

/**
 * The page's own credentials, got as its credential keeper gets them: inside the page, under the
 * keeper's Web Lock for the device, the stored grant exchanged at the access API (named by the
 * site's site-config.json) and the rotated grant stored back before anything is returned. The
 * page's keeper then simply goes on from the newer grant, so this revokes nothing.
 */
export async function pageCredentials(page: Page, role: PageRole): Promise<PageCredentials> {
  return page.evaluate(
    async ([db, role, lockPrefix, route]) => {
      const idb = <T>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
      const database = await idb(indexedDB.open(db.name, db.version));
      const record = (await idb(database.transaction(db.store).objectStore(db.store).get(role))) as GrantRecord | undefined;
      if (!record) throw new Error(`this browser context is not set up as a ${role}`);
      const site = (await (await fetch('site-config.json')).json()) as { accessApiUrl: string };
      const answer = await navigator.locks.request(`${lockPrefix}${record.deviceId}`, async () => {
        const latest = (await idb(database.transaction(db.store).objectStore(db.store).get(role))) as GrantRecord;
        const res = await fetch(`${site.accessApiUrl.replace(/\/+$/, '')}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant: latest.grant }) });
        const body = (await res.json()) as CredentialsResponse;
        if (!res.ok) throw new Error(`the access API refused the page's grant: ${JSON.stringify(body)}`);
        const tx = database.transaction(db.store, 'readwrite');
        tx.objectStore(db.store).put({ ...latest, grant: body.grant, savedAt: Date.now() });
        await new Promise((resolve, reject) => ((tx.oncomplete = resolve), (tx.onerror = () => reject(tx.error))));
        return body;
      });
      database.close();
      return answer.credentials;
    },
    [GRANT_DATABASE, role, lockNameOf(''), ACCESS_API_ROUTES.credentials.path] as const,
  );
}
