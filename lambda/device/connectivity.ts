/**
 * A camera's heartbeat: record it, and when it changes what Alexa should know about the camera's
 * connectivity, tell Alexa with a ChangeReport (retried a bounded number of times; the heartbeat
 * succeeds whether or not Alexa could be told, and the next heartbeat tries again while the
 * recorded report still disagrees).
 */
import type { Runtime } from '../runtime.js';
import type { StatusResponse } from '../../contracts/device-api/bodies.js';
import { isOnline } from '../store/doorbells.js';
import { reportConnectivity } from '../events/connectivity-report.js';
import type { DoorbellItem } from '../../contracts/tables.js';

/** undefined when the doorbell does not exist. */
export async function recordHeartbeat(runtime: Runtime, endpointId: string, online: boolean): Promise<StatusResponse | undefined> {
  const now = runtime.now();
  const before = await runtime.doorbells.recordStatus(endpointId, online, now);
  if (!before) return undefined;
  if (needsReport(before, online, now, runtime.config.cameraOfflineAfterMs)) await reportConnectivity(runtime, before, online, { cause: 'PHYSICAL_INTERACTION' });
  return { online, lastSeenAt: now };
}

/**
 * Whether Alexa must hear about this heartbeat: the camera's connectivity as ReportState sees it
 * changed, or the last report Alexa accepted (the health check's UNREACHABLE, say) disagrees.
 */
function needsReport(before: DoorbellItem, online: boolean, now: number, offlineAfterMs: number): boolean {
  const wasOnline = isOnline(before, now, offlineAfterMs);
  const reported = before.reportedConnectivity;
  return wasOnline !== online || (reported !== undefined && reported !== (online ? 'OK' : 'UNREACHABLE'));
}
