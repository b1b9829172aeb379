/**
 * Device grants: refresh-token rotation with reuse detection (the OAuth 2.0 security best current
 * practice), as pure decisions on a device item; the exchange route does the writes. A device
 * keeps the hash of the secret it was last seen presenting (current), of the newest one it was
 * given and has not presented yet (pending), and of up to 16 older ones (retired).
 *
 * Presenting secret X:
 * - hash(X) = pending: the page got the last answer; promote it (current -> retired, pending ->
 *   current) and issue a new pending.
 * - hash(X) = current: the last answer was lost, or this is a retry; a new pending replaces the old
 *   one (which is retired). A lost response therefore never revokes a device.
 * - hash(X) retired: an old copy of the grant is in use somewhere: revoke the device.
 * - anything else: a guess; nothing changes, so guessing cannot revoke a device.
 */
import { RETIRED_HASHES_KEPT, type DeviceItem } from '../../contracts/tables.js';
import type { DeviceSummary, RevokedReason } from '../../contracts/access-api/bodies.js';

export type Presented = 'pending' | 'current' | 'retired' | 'unknown';

export function classify(device: Pick<DeviceItem, 'currentHash' | 'pendingHash' | 'retiredHashes'>, hash: string): Presented {
  if (device.pendingHash !== undefined && device.pendingHash === hash) return 'pending';
  if (device.currentHash !== undefined && device.currentHash === hash) return 'current';
  if (device.retiredHashes.includes(hash)) return 'retired';
  return 'unknown';
}

const retire = (retired: string[], ...hashes: (string | undefined)[]): string[] =>
  [...retired, ...hashes.filter((h): h is string => h !== undefined)].slice(-RETIRED_HASHES_KEPT);

/** The device after a good exchange: `presented` is pending or current; `nextPending` the hash of the secret now handed out. */
export function rotated(device: DeviceItem, presented: 'pending' | 'current', nextPending: string, now: number): DeviceItem {
  const base = { ...device, lastUsedAt: now };
  if (presented === 'pending') return { ...base, currentHash: device.pendingHash, pendingHash: nextPending, retiredHashes: retire(device.retiredHashes, device.currentHash) };
  return { ...base, pendingHash: nextPending, retiredHashes: retire(device.retiredHashes, device.pendingHash) };
}

export function revoked(device: DeviceItem, reason: RevokedReason, now: number): DeviceItem {
  return { ...device, revokedAt: now, revokedReason: reason };
}

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The device as its owner and its page see it: no hash, times in ISO 8601. */
export function deviceSummary(d: DeviceItem): DeviceSummary {
  return {
    deviceId: d.deviceId,
    endpointId: d.endpointId,
    role: d.role,
    label: d.label,
    createdAt: iso(d.createdAt)!,
    ...(d.lastUsedAt !== undefined ? { lastUsedAt: iso(d.lastUsedAt) } : {}),
    ...(d.revokedAt !== undefined ? { revokedAt: iso(d.revokedAt), revokedReason: d.revokedReason } : {}),
  };
}
