/**
 * Telling Alexa a camera's connectivity: an `Alexa` ChangeReport of `Alexa.EndpointHealth.
 * connectivity` to the owner's event gateway, with change-report.ts's bounded retries. What the
 * gateway accepted is recorded on the doorbell (`reportedConnectivity`), which the health check reads.
 */
import type { Runtime } from '../runtime.js';
import { errorSummary } from '../log.js';
import { connectivityChangeReport, type ChangeCause } from './messages.js';
import { sendChangeReport, type ReportOutcome, type RetryOptions } from './change-report.js';

export type { ReportOutcome } from './change-report.js';

export interface ReportOptions extends RetryOptions {
  cause: ChangeCause;
}

export async function reportConnectivity(runtime: Runtime, doorbell: { endpointId: string; ownerEmail: string }, online: boolean, opts: ReportOptions): Promise<ReportOutcome> {
  const { endpointId } = doorbell;
  const sent = await sendChangeReport(runtime, doorbell, (target, sentAt) => connectivityChangeReport(target, online, sentAt, opts.cause), opts);
  if (sent.outcome === 'ACCEPTED' && sent.sentAt !== undefined) {
    await runtime.doorbells.recordReported(endpointId, online ? 'OK' : 'UNREACHABLE', sent.sentAt).catch((err: unknown) => runtime.log.warn('change report not recorded', { endpointId, ...errorSummary(err) }));
  }
  if (sent.attempts > 0 || sent.outcome === 'NOT_LINKED') runtime.log.info('change report', { endpointId, online, cause: opts.cause, outcome: sent.outcome, attempts: sent.attempts, ...sent.detail });
  return sent.outcome;
}
