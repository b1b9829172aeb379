/**
 * The health check (the bundle's `healthCheckHandler`, every minute: EventBridge Scheduler in AWS,
 * a timer in the local world): Alexa hears when a camera goes silent. A doorbell whose camera was
 * seen, is no longer online (its heartbeat stopped, or it said offline) and about which Alexa was
 * last told OK, or never told anything, gets an `Alexa.EndpointHealth` ChangeReport UNREACHABLE
 * (cause PERIODIC_POLL, a bounded number of tries). The heartbeat path tells Alexa OK when it is back.
 * A camera that fell silent mid-motion can no longer end it: the check ends it (NOT_DETECTED), or
 * the stored DETECTED would make the camera's next motion start a repeat that Alexa never hears of.
 */
import type { Runtime } from '../runtime.js';
import { isOnline } from '../store/doorbells.js';
import { reportConnectivity, type ReportOutcome } from '../events/connectivity-report.js';
import { reportMotion } from '../device/motion.js';
import type { DoorbellItem } from '../../contracts/tables.js';

export interface HealthCheckSummary {
  doorbells: number;
  /** Silent cameras Alexa had not been told about. */
  silent: number;
  reported: number;
  failed: number;
}

const silentUntold = (d: Pick<DoorbellItem, 'online' | 'lastSeenAt' | 'reportedConnectivity'>, now: number, offlineAfterMs: number): boolean =>
  d.lastSeenAt !== undefined && !isOnline(d, now, offlineAfterMs) && d.reportedConnectivity !== 'UNREACHABLE';

export async function runHealthCheck(runtime: Runtime): Promise<HealthCheckSummary> {
  const offlineAfter = runtime.config.cameraOfflineAfterMs;
  const all = await runtime.doorbells.scanConnectivity();
  const candidates = all.filter((d) => silentUntold(d, runtime.now(), offlineAfter));
  const outcomes: ReportOutcome[] = [];
  for (const candidate of candidates) {
    // Read again just before telling Alexa: a heartbeat may have arrived since the scan.
    const doorbell = await runtime.doorbells.get(candidate.endpointId);
    if (!doorbell || !silentUntold(doorbell, runtime.now(), offlineAfter)) continue;
    outcomes.push(await reportConnectivity(runtime, doorbell, false, { cause: 'PERIODIC_POLL', attempts: 3, timeoutMs: 3000, backoffMs: 500 }));
    if (doorbell.motion === 'DETECTED') await reportMotion(runtime, doorbell.endpointId, 'NOT_DETECTED', { cause: 'PERIODIC_POLL', online: false });
  }
  const summary: HealthCheckSummary = {
    doorbells: all.length,
    silent: outcomes.length,
    reported: outcomes.filter((o) => o === 'ACCEPTED').length,
    failed: outcomes.filter((o) => o === 'FAILED' || o === 'REFUSED').length,
  };
  runtime.log.info('health check', { ...summary });
  return summary;
}
