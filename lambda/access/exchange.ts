/**
 * The credentials exchange: a device presents its newest grant and gets a rotated one and
 * 15-minute STS credentials of its page role for its doorbell (grants.ts has the rules). The
 * rotation is written before STS is asked, conditionally on the device's version: if STS then
 * fails, the grant the page still holds is the current one, and presenting it again works.
 */
import type { CredentialsResponse } from '../../contracts/access-api/bodies.js';
import { formatGrant, parseGrant } from '../../contracts/access-api/routes.js';
import { hashSecret, newSecret } from '../../contracts/secrets.js';
import type { DeviceItem } from '../../contracts/tables.js';
import { errorSummary } from '../log.js';
import type { AccessContext } from './context.js';
import { revokeDevice } from './enrollment.js';
import { AccessApiFailure, revokedFailure } from './failure.js';
import { classify, deviceSummary, rotated } from './grants.js';

const invalid = () => new AccessApiFailure('GRANT_INVALID', 'This device grant is not valid: set the device up again from the setup page.');

export async function exchangeGrant(ctx: AccessContext, grant: string): Promise<CredentialsResponse> {
  const parts = parseGrant(grant);
  if (!parts) throw invalid();
  const presentedHash = await hashSecret(parts.secret);
  const { device, secret } = await rotate(ctx, parts.deviceId, presentedHash);
  const roleArn = ctx.roleArn(device.role);
  const doorbell = await ctx.runtime.doorbells.get(device.endpointId);
  if (!doorbell) throw new AccessApiFailure('NOT_FOUND', "This device's doorbell is no longer in the doorbells file.");
  if (!roleArn) {
    ctx.runtime.log.error('no role ARN configured for a page role', { role: device.role });
    throw new AccessApiFailure('INTERNAL_ERROR', 'The doorbell service is misconfigured for this page role.');
  }
  let credentials;
  try {
    credentials = await ctx.sts.assume(roleArn, device.endpointId);
  } catch (err) {
    ctx.runtime.log.error('STS AssumeRole failed', { role: device.role, endpointId: device.endpointId, ...errorSummary(err) });
    throw new AccessApiFailure('INTERNAL_ERROR', 'Could not get credentials from AWS; try again.');
  }
  return {
    grant: formatGrant(device.deviceId, secret),
    credentials,
    device: deviceSummary(device),
    doorbell: { endpointId: doorbell.endpointId, name: doorbell.name, channelName: doorbell.channelName, channelArn: doorbell.channelArn, region: ctx.runtime.config.aws.region },
  };
}

/**
 * Decides on the presented secret and writes the outcome: the device as now stored and the new
 * secret to hand out. A lost race is read again once (the other request may have promoted the
 * very secret presented here, which is then the current one: a retry).
 */
async function rotate(ctx: AccessContext, deviceId: string, presentedHash: string): Promise<{ device: DeviceItem; secret: string }> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const device = await ctx.devices.get(deviceId);
    if (!device) throw invalid();
    if (device.revokedAt !== undefined) throw revokedFailure(device.revokedReason);
    const presented = classify(device, presentedHash);
    if (presented === 'unknown') throw invalid();
    if (presented === 'retired') {
      const after = await revokeDevice(ctx, device, 'REUSED');
      throw revokedFailure(after.revokedReason);
    }
    const secret = newSecret(32);
    const next = rotated(device, presented, await hashSecret(secret), ctx.runtime.now());
    if (await ctx.devices.replace(next, device.version)) return { device: { ...next, version: device.version + 1 }, secret };
  }
  throw new AccessApiFailure('INTERNAL_ERROR', 'The device is being renewed by another request; try again.');
}
