/**
 * Enrolling a device (by the signed-in owner, or with a one-time code `npm run camera-url` wrote)
 * and revoking one. A new device gets a deviceId and a first secret; the grant `dg1.<deviceId>.
 * <secret>` is handed out once, and only the secret's hash is stored, as the pending one.
 */
import type { DeviceGrantResponse, DeviceSummary, RevokedReason } from '../../contracts/access-api/bodies.js';
import { formatGrant } from '../../contracts/access-api/routes.js';
import type { PageRole } from '../../contracts/page-roles.js';
import { hashSecret, newSecret } from '../../contracts/secrets.js';
import type { DeviceItem, DoorbellItem } from '../../contracts/tables.js';
import type { AccessContext } from './context.js';
import { AccessApiFailure } from './failure.js';
import { deviceSummary, revoked } from './grants.js';

const noSuchDoorbell = () => new AccessApiFailure('NOT_FOUND', 'There is no such doorbell: check the doorbells file.');

/** The doorbell `email` owns: NOT_FOUND when there is none by that id, NOT_OWNER when it is someone else's. */
export async function ownedDoorbell(ctx: AccessContext, endpointId: string, email: string): Promise<DoorbellItem> {
  const doorbell = await ctx.runtime.doorbells.get(endpointId);
  if (!doorbell) throw noSuchDoorbell();
  if (doorbell.ownerEmail.toLowerCase() !== email.toLowerCase()) throw new AccessApiFailure('NOT_OWNER', `This doorbell is not owned by ${email}.`);
  return doorbell;
}

/** A new device of `doorbell` in `role`, and its first grant. */
export async function enrollDevice(ctx: AccessContext, doorbell: DoorbellItem, role: PageRole, label: string): Promise<DeviceGrantResponse> {
  const secret = newSecret(32);
  const device: DeviceItem = {
    deviceId: newSecret(16),
    endpointId: doorbell.endpointId,
    role,
    label: label.trim(),
    ownerEmail: doorbell.ownerEmail.toLowerCase(),
    createdAt: ctx.runtime.now(),
    pendingHash: await hashSecret(secret),
    retiredHashes: [],
    version: 1,
  };
  if (!(await ctx.devices.create(device))) throw new AccessApiFailure('INTERNAL_ERROR', 'Could not enroll the device; try again.');
  ctx.runtime.log.info('device enrolled', { endpointId: device.endpointId, role, deviceId: device.deviceId });
  return { grant: formatGrant(device.deviceId, secret), device: deviceSummary(device) };
}

/** Enrollment with a one-time code: the code names the doorbell and the role, and works once. */
export async function enrollWithCode(ctx: AccessContext, code: string, label: string): Promise<DeviceGrantResponse> {
  const enrollment = await ctx.setup.consumeEnrollment(await hashSecret(code), Math.floor(ctx.runtime.now() / 1000));
  if (!enrollment) throw new AccessApiFailure('GRANT_INVALID', 'This setup link has expired or was already used: print a new one with `npm run camera-url`.');
  const doorbell = await ctx.runtime.doorbells.get(enrollment.endpointId);
  if (!doorbell) throw noSuchDoorbell();
  return enrollDevice(ctx, doorbell, enrollment.role, label);
}

/**
 * Marks the device revoked, written conditionally on its version: a lost race reads it again
 * (someone may have revoked or rotated it meanwhile) and tries once more.
 */
export async function revokeDevice(ctx: AccessContext, device: DeviceItem, reason: RevokedReason): Promise<DeviceItem> {
  let current: DeviceItem | undefined = device;
  for (let attempt = 0; attempt < 2 && current; attempt++) {
    if (current.revokedAt !== undefined) return current;
    const next = revoked(current, reason, ctx.runtime.now());
    if (await ctx.devices.replace(next, current.version)) {
      ctx.runtime.log.warn('device revoked', { endpointId: current.endpointId, deviceId: current.deviceId, reason });
      return { ...next, version: current.version + 1 };
    }
    current = await ctx.devices.get(device.deviceId);
  }
  throw new AccessApiFailure('INTERNAL_ERROR', 'The device is being changed by another request; try again.');
}

/** The owner revokes one of their doorbells' devices (owned now: the doorbell's current owner decides). */
export async function revokeByOwner(ctx: AccessContext, deviceId: string, email: string): Promise<DeviceSummary> {
  const device = await ctx.devices.get(deviceId);
  if (!device) throw new AccessApiFailure('NOT_FOUND', 'There is no such device.');
  const doorbell = await ctx.runtime.doorbells.get(device.endpointId);
  const owner = (doorbell?.ownerEmail ?? device.ownerEmail).toLowerCase();
  if (owner !== email.toLowerCase()) throw new AccessApiFailure('NOT_OWNER', `This device's doorbell is not owned by ${email}.`);
  return deviceSummary(await revokeDevice(ctx, device, 'OWNER'));
}
