import type { CredentialsResponse } from '../../contracts/access-api/bodies.js';
import type { PageRole } from '../../contracts/page-roles.js';
import type { SiteConfig } from '../../contracts/site-config.js';
import type { AccessView } from '../ui/access-view.js';
import { AccessApiClient } from './access-api-client.js';
import { CredentialKeeper, KeeperStopped, type StoppedState } from './credential-keeper.js';
import { doorbellAccessOf, type DoorbellAccess } from './doorbell-access.js';
import { openGrantStore } from './grant-store.js';
import { loadSiteConfig } from './site-config.js';

export interface OpenedPage {
  site: SiteConfig;
  keeper: CredentialKeeper;
  /** The first exchange's answer: the doorbell, the device. */
  first: CredentialsResponse;
  access: DoorbellAccess;
  /** Runs once, when the device is revoked (or otherwise can no longer run) after the page started. */
  onStopped(handler: (state: StoppedState) => void): void;
}

/**
 * A role page takes nothing from its address, and whatever a link put there (an old `#config=`, a
 * crafted endpoint or channel) leaves the address bar and the history at once, so a bookmark or a
 * shared tab never carries it on.
 */
function forgetAddress(): void {
  if (location.search !== '' || location.hash !== '') history.replaceState(null, '', location.pathname);
}

/**
 * What every role page does first: the site config from its own origin, the grant for its role
 * from this browser's store, the first credentials. Without a grant the page says it is not set
 * up; a revoked device says so; either way `undefined`, and the page does nothing more. Nothing
 * here reads the page's address.
 */
export async function openPage(role: PageRole, view: AccessView): Promise<OpenedPage | undefined> {
  forgetAddress();
  const site = await loadSiteConfig();
  const store = openGrantStore();
  const record = await store.get(role);
  if (!record) {
    view.problem({ kind: 'not-set-up', role });
    return undefined;
  }
  view.setUpAs(record);
  const api = new AccessApiClient(site.accessApiUrl);
  const handlers: ((state: StoppedState) => void)[] = [];
  let started = false;
  const keeper = new CredentialKeeper(record, {
    store,
    exchange: (grant) => api.credentials(grant),
    ...(navigator.locks ? { locks: navigator.locks } : {}),
    ...(site.credentialsRenewAt ? { renewAt: site.credentialsRenewAt } : {}),
    onState: (state) => {
      view.keeperState(state);
      if (state.kind !== 'stopped' || state.why === 'stopped' || !started) return;
      view.problem(state);
      for (const handler of handlers.splice(0)) handler(state);
    },
  });
  let first: CredentialsResponse;
  try {
    first = await keeper.start();
  } catch (error) {
    if (!(error instanceof KeeperStopped)) throw error;
    view.problem(error.state);
    return undefined;
  }
  started = true;
  // A device set up with a link knew only the doorbell's id until this first exchange named it.
  view.setUpAs({ ...record, doorbellName: first.doorbell.name, label: first.device.label });
  return { site, keeper, first, access: doorbellAccessOf(site, first.doorbell, keeper), onStopped: (h) => void handlers.push(h) };
}
