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
export async function recordHeartbeat(runtime: Runtime, endpointId: string, online: boolean): Promise<StatusResponse | undefined> {
  const now = runtime.now();
  const before = await runtime.doorbells.recordStatus(endpointId, online, now);
  if (!before) return undefined;
  const wasOnline = isOnline(before, now, runtime.config.cameraOfflineAfterMs);
  if (wasOnline !== online) await reportChange(runtime, before.ownerEmail, endpointId, online, now);
  return { online, lastSeenAt: now };
}

async function reportChange(runtime: Runtime, ownerEmail: string, endpointId: string, online: boolean, now: number): Promise<void> {
  try {
    const userId = await runtime.users.findUserIdByEmail(ownerEmail);
    if (!userId) return;
    const user = await runtime.tokens.forUser(userId);
    const event = connectivityChangeReport({ endpointId, accessToken: user.accessToken }, online, now);
    const result = await postEvent(gatewayUrlFor(runtime.config, user.region), user.accessToken, event, 2000);
    runtime.log.info('change report', { endpointId, online, outcome: result.kind });
  } catch (err) {
    runtime.log.warn('change report failed', { endpointId, ...errorSummary(err) });
  }
}
