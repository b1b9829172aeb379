/**
 * A camera's heartbeat: record it, and when it changes the doorbell's connectivity tell Alexa with
 * a ChangeReport (best effort: the heartbeat succeeds whether or not Alexa could be told).
 */
import { gatewayUrlFor } from '../config.js';
import type { Runtime } from '../runtime.js';
import type { StatusResponse } from '../../contracts/device-api/bodies.js';
import { isOnline } from '../store/doorbells.js';
import { connectivityChangeReport } from '../events/messages.js';
import { postEvent } from '../events/gateway.js';
import { errorSummary } from '../log.js';

/** undefined when the doorbell does not exist. */
export async function recordHeartbeat(rt: Runtime, endpointId: string, online: boolean): Promise<StatusResponse | undefined> {
  const now = rt.now();
  const before = await rt.doorbells.recordStatus(endpointId, online, now);
  if (!before) return undefined;
  const wasOnline = isOnline(before, now, rt.config.cameraOfflineAfterMs);
  if (wasOnline !== online) await reportChange(rt, before.ownerEmail, endpointId, online, now);
  return { online, lastSeenAt: now };
}

async function reportChange(rt: Runtime, ownerEmail: string, endpointId: string, online: boolean, now: number): Promise<void> {
  try {
    const userId = await rt.users.findUserIdByEmail(ownerEmail);
    if (!userId) return;
    const user = await rt.tokens.forUser(userId);
    const event = connectivityChangeReport({ endpointId, accessToken: user.accessToken }, online, now);
    const result = await postEvent(gatewayUrlFor(rt.config, user.region), user.accessToken, event, 2000);
    rt.log.info('change report', { endpointId, online, outcome: result.kind });
  } catch (err) {
    rt.log.warn('change report failed', { endpointId, ...errorSummary(err) });
  }
}
