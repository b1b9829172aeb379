import type { DeviceGrantResponse, OwnedDoorbell, SetupView } from '../contracts/access-api/bodies.js';
import { isPageRole, PAGE_FILES, type PageRole } from '../contracts/page-roles.js';
import { AccessApiCallError, AccessApiClient } from './access/access-api-client.js';
import { openGrantStore, type GrantStore } from './access/grant-store.js';
import { loadSiteConfig } from './access/site-config.js';
import { takeEnrollmentCode } from './setup/enrollment-link.js';
import { beginSignIn, takeSignInReturn } from './setup/sign-in-flow.js';
import { noDoorbellMessage, renderDevices, renderThisBrowser } from './setup/devices-view.js';
import { ROLE_NAMES } from './ui/access-view.js';
import { byId, el, showMessage } from './ui/dom.js';
import { renderPill } from './ui/status-view.js';

declare global {
  interface Window {
    doorbellSetup?: { signedInAs(): string | undefined; holdsSetupToken(): boolean };
    doorbellSetupError?: string;
  }
}

// Before anything else: a one-time code or Amazon's answer leaves the address (and the history) at once.
const enrollment = takeEnrollmentCode(location, history);
const signInReturn = takeSignInReturn({ location, history, storage: sessionStorage });

const errorBox = byId('error');
const infoBox = byId('info');
const fail = (message: string) => {
  showMessage(errorBox, message);
  window.doorbellSetupError = message;
};

const DEFAULT_LABELS: Record<PageRole, string> = { camera: 'Camera laptop', button: 'Doorbell button', viewer: 'Viewer' };

/** Keeps the new device's grant on this browser (its page starts by itself from then on). */
function keep(store: GrantStore, enrolled: DeviceGrantResponse, doorbellName: string): Promise<void> {
  const { device, grant } = enrolled;
  return store.put({ role: device.role, grant, deviceId: device.deviceId, endpointId: device.endpointId, doorbellName, label: device.label, savedAt: Date.now() });
}

const openPageOf = (role: PageRole) => location.assign(PAGE_FILES[role]);

async function main(): Promise<void> {
  const site = await loadSiteConfig();
  const api = new AccessApiClient(site.accessApiUrl);
  const store = openGrantStore();
  const local = await store.all();
  renderThisBrowser(byId('local-devices'), local);

  const signInButton = byId<HTMLButtonElement>('sign-in');
  signInButton.addEventListener('click', () => void beginSignIn(site, { storage: sessionStorage, location }).catch((e: Error) => fail(e.message)));
  signInButton.disabled = false;

  if (enrollment.kind === 'malformed') fail('This setup link is damaged or incomplete: print a new one with `npm run camera-url`.');
  if (enrollment.kind === 'code') {
    showMessage(infoBox, 'Setting this device up with the one-time link…', 'info');
    const label = `Set up with a link on ${new Date().toLocaleDateString()}`;
    try {
      const enrolled = await api.enroll({ enrollmentCode: enrollment.code, label });
      // The name comes with the first credentials exchange; until then the endpointId stands in.
      await keep(store, enrolled, enrolled.device.endpointId);
      return openPageOf(enrolled.device.role);
    } catch (error) {
      showMessage(infoBox, undefined);
      return fail(error instanceof AccessApiCallError && error.code === 'GRANT_INVALID' ? 'This setup link has expired or was used already: print a new one, or sign in below.' : messageOf(error));
    }
  }
  if (signInReturn.kind === 'refused') fail(signInReturn.message);
  if (signInReturn.kind !== 'code') return;

  renderPill(byId('signin-state'), { text: 'Signing in…', tone: 'busy' });
  let view: SetupView & { setupToken: string };
  try {
    view = await api.signIn(signInReturn.request);
  } catch (error) {
    renderPill(byId('signin-state'), { text: 'Not signed in', tone: 'bad' });
    return fail(messageOf(error));
  }
  // The setup token lives in this closure only: never in any storage, gone with the tab.
  const setupToken = view.setupToken;
  window.doorbellSetup = { signedInAs: () => view.email, holdsSetupToken: () => true };
  signedIn(view, { api, store, setupToken, local: local.map((r) => ({ role: r.role, deviceId: r.deviceId, label: r.label })) });
}

/** The signed-in owner's choices: which doorbell, what this device is, and the devices to revoke. */
function signedIn(first: SetupView, ctx: { api: AccessApiClient; store: GrantStore; setupToken: string; local: { role: PageRole; deviceId: string; label: string }[] }): void {
  const { api, setupToken } = ctx;
  renderPill(byId('signin-state'), { text: `Signed in as ${first.email}`, tone: 'ok' });
  byId('sign-in').textContent = 'Sign in with another Amazon account';
  if (first.doorbells.length === 0) return fail(noDoorbellMessage(first.email));

  let doorbells: OwnedDoorbell[] = first.doorbells;
  const select = byId<HTMLSelectElement>('doorbell');
  select.replaceChildren(...doorbells.map((d) => el('option', { value: d.endpointId, textContent: d.name })));
  const labelInput = byId<HTMLInputElement>('label');
  const roleOf = (): PageRole => {
    const value = (document.querySelector('input[name=role]:checked') as HTMLInputElement | null)?.value;
    return isPageRole(value) ? value : 'camera';
  };
  let labelTyped = false;
  labelInput.addEventListener('input', () => (labelTyped = true));
  const replaces = byId('replaces');
  const onRole = () => {
    const role = roleOf();
    if (!labelTyped) labelInput.value = DEFAULT_LABELS[role];
    const before = ctx.local.find((r) => r.role === role);
    replaces.hidden = !before;
    replaces.textContent = before ? `This browser is already a ${ROLE_NAMES[role]} (“${before.label}”): setting it up again replaces that one, which is then revoked.` : '';
  };
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name=role]')) radio.addEventListener('change', onRole);
  onRole();

  const refresh = async () => {
    try {
      doorbells = (await api.doorbells(setupToken)).doorbells;
    } catch (error) {
      fail(messageOf(error));
    }
    renderDevices(byId('devices'), doorbells, revoke);
  };
  const revoke = (device: { deviceId: string; label: string }) => {
    api.revokeDevice(setupToken, device.deviceId).then(
      () => {
        showMessage(infoBox, `“${device.label}” is revoked: it stops within one credential lifetime and says so.`, 'info');
        return refresh();
      },
      (error: unknown) => fail(messageOf(error)),
    );
  };
  renderDevices(byId('devices'), doorbells, revoke);
  byId('enroll-section').hidden = false;
  byId('devices-section').hidden = false;

  const form = byId<HTMLFormElement>('enroll-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const role = roleOf();
    const doorbell = doorbells.find((d) => d.endpointId === select.value);
    if (!doorbell) return;
    byId<HTMLButtonElement>('enroll').disabled = true;
    void (async () => {
      try {
        const enrolled = await api.createDevice(setupToken, { endpointId: doorbell.endpointId, role, label: labelInput.value.trim() || DEFAULT_LABELS[role] });
        await keep(ctx.store, enrolled, doorbell.name);
        // The device this browser was before in this role has no grant here any more: nothing can use it.
        const before = ctx.local.find((r) => r.role === role);
        if (before && doorbells.some((d) => d.devices.some((x) => x.deviceId === before.deviceId && !x.revokedAt))) await api.revokeDevice(setupToken, before.deviceId).catch(() => undefined);
        openPageOf(role);
      } catch (error) {
        byId<HTMLButtonElement>('enroll').disabled = false;
        fail(messageOf(error));
      }
    })();
  });
}

function messageOf(error: unknown): string {
  if (error instanceof AccessApiCallError && error.code === 'SETUP_EXPIRED') return 'Your sign-in has expired: sign in again.';
  if (error instanceof AccessApiCallError && error.code === 'SIGN_IN_FAILED') return `Login with Amazon did not accept this sign-in: ${error.message} Sign in again.`;
  return error instanceof Error ? error.message : String(error);
}

main().catch((error: unknown) => fail(messageOf(error)));
