import type { DeviceSummary, OwnedDoorbell } from '../../contracts/access-api/bodies.js';
import { PAGE_FILES } from '../../contracts/page-roles.js';
import type { GrantRecord } from '../access/grant-store.js';
import { ROLE_NAMES } from '../ui/access-view.js';
import { el } from '../ui/dom.js';

const when = (iso: string | undefined, now: number): string => {
  if (!iso) return 'never';
  const ms = now - Date.parse(iso);
  if (ms < 90_000) return 'just now';
  if (ms < 90 * 60_000) return `${Math.round(ms / 60_000)} min ago`;
  if (ms < 36 * 3_600_000) return `${Math.round(ms / 3_600_000)} h ago`;
  return new Date(iso).toLocaleDateString();
};

/** One enrolled device as its owner reads it. */
export function describeDevice(d: DeviceSummary, now = Date.now()): { role: string; label: string; created: string; lastSeen: string; state: string; revoked: boolean } {
  const revoked = d.revokedAt !== undefined;
  const state = !revoked ? 'active' : d.revokedReason === 'REUSED' ? `revoked ${when(d.revokedAt, now)}: an old copy of its grant was used` : `revoked ${when(d.revokedAt, now)}`;
  return { role: ROLE_NAMES[d.role], label: d.label, created: when(d.createdAt, now), lastSeen: when(d.lastUsedAt, now), state, revoked };
}

/** What the owner reads when the Amazon account owns no doorbell: the one setup mistake that used to fail silently. */
export function noDoorbellMessage(email: string): string {
  return `Signed in as ${email}; no doorbell is owned by ${email}: check the doorbells file (infra/aws/doorbells.json / infra/local/doorbells.json).`;
}

/** The owner's devices, newest first, each active one with a Revoke button. */
export function renderDevices(body: HTMLElement, doorbells: OwnedDoorbell[], onRevoke: (device: DeviceSummary) => void, now = Date.now()): void {
  const rows = doorbells.flatMap((b) =>
    [...b.devices]
      .sort((x, y) => Date.parse(y.createdAt) - Date.parse(x.createdAt))
      .map((d) => {
        const v = describeDevice(d, now);
        const revoke = el('button', { textContent: 'Revoke', className: 'small', disabled: v.revoked });
        revoke.dataset.deviceId = d.deviceId;
        revoke.addEventListener('click', () => {
          revoke.disabled = true;
          onRevoke(d);
        });
        const row = el('tr', { dataset: { deviceId: d.deviceId, state: v.revoked ? 'revoked' : 'active' } }, [
          el('td', { textContent: b.name }),
          el('td', { textContent: v.role }),
          el('td', { textContent: v.label }),
          el('td', { textContent: v.created }),
          el('td', { textContent: v.lastSeen }),
          el('td', { textContent: v.state }),
          el('td', {}, v.revoked ? [] : [revoke]),
        ]);
        return row;
      }),
  );
  body.replaceChildren(...(rows.length ? rows : [el('tr', {}, [el('td', { colSpan: 7, className: 'muted', textContent: 'No device is set up yet.' })])]));
}

/** What this browser is set up as, each with a link to its page. */
export function renderThisBrowser(list: HTMLElement, records: GrantRecord[]): void {
  list.replaceChildren(
    ...(records.length
      ? records.map((r) => el('li', {}, [el('a', { href: PAGE_FILES[r.role], textContent: `The ${ROLE_NAMES[r.role]} of ${r.doorbellName}` }), ` (“${r.label}”)`]))
      : [el('li', { className: 'muted', textContent: 'Nothing yet: sign in below and choose what this device is.' })]),
  );
}
