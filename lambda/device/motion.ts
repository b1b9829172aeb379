/**
 * Motion at the door, as the camera saw it: the doorbell's motion state changes (a repeat is
 * UNCHANGED: the camera's own cooldown decides how often motion starts, this only keeps Alexa from
 * hearing a state it already has), a motion start becomes a history event whose picture the camera
 * uploads, and Alexa hears an `Alexa.MotionSensor` ChangeReport (change-report.ts's bounded retries;
 * the camera is answered whatever Alexa said).
 */
import type { Runtime } from '../runtime.js';
import type { DetectionState, MotionOutcome, MotionResponse } from '../../contracts/device-api/bodies.js';
import { motionChangeReport, type ChangeCause } from '../events/messages.js';
import { sendChangeReport } from '../events/change-report.js';

/**
 * undefined when the doorbell does not exist. `opts` is for the health check, which ends the motion
 * of a camera that fell silent mid-motion (cause PERIODIC_POLL, the camera unreachable).
 */
export async function reportMotion(
  runtime: Runtime,
  endpointId: string,
  state: DetectionState,
  opts: { cause?: ChangeCause; online?: boolean } = {},
): Promise<MotionResponse | undefined> {
  const now = runtime.now();
  const before = await runtime.doorbells.recordMotion(endpointId, state, now);
  if (before === undefined) return undefined;
  if (before === 'unchanged') return { state, outcome: 'UNCHANGED' };
  const event = state === 'DETECTED' ? await runtime.events.record(endpointId, 'MOTION', now) : undefined;
  const sent = await sendChangeReport(runtime, before, (target, sentAt) => motionChangeReport(target, state, sentAt, opts));
  const outcome: MotionOutcome = sent.outcome === 'ACCEPTED' ? 'REPORTED' : sent.outcome === 'NOT_LINKED' ? 'NOT_LINKED' : 'NOT_REPORTED';
  runtime.log.info('motion', { endpointId, state, cause: opts.cause ?? 'PHYSICAL_INTERACTION', outcome, attempts: sent.attempts, ...sent.detail });
  return { state, outcome, ...(event ? { eventId: event.eventId } : {}) };
}
