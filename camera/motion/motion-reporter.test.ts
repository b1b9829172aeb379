import { describe, expect, it } from 'vitest';
import type { DetectionState, MotionResponse } from '../../contracts/device-api/bodies.js';
import { DeviceApiCallError } from '../device-api/client.js';
import { MotionReporter } from './motion-reporter.js';

/** A device API that fails the first `failures` calls of each state with `status`, and records what arrived. */
function flakyApi(failures: Partial<Record<DetectionState, number>>, status = 503) {
  const arrived: DetectionState[] = [];
  const calls: DetectionState[] = [];
  const left = { ...failures };
  const send = async (state: DetectionState): Promise<MotionResponse> => {
    calls.push(state);
    await new Promise((r) => setTimeout(r, 1));
    if ((left[state] ?? 0) > 0) {
      left[state]! -= 1;
      throw new DeviceApiCallError(`HTTP ${status}`, status);
    }
    arrived.push(state);
    return { state, outcome: 'REPORTED' };
  };
  return { send, arrived, calls };
}

describe('the motion reporter', () => {
  it('delivers changes in the order they happened, a failed one tried again before the next is sent', async () => {
    const api = flakyApi({ DETECTED: 2 });
    const reporter = new MotionReporter(api.send, { backoffMs: 5 });
    const answers = await Promise.all([reporter.report('DETECTED'), reporter.report('NOT_DETECTED'), reporter.report('DETECTED')]);
    expect(answers.map((a) => a.state)).toEqual(['DETECTED', 'NOT_DETECTED', 'DETECTED']);
    expect(api.arrived).toEqual(['DETECTED', 'NOT_DETECTED', 'DETECTED']);
    expect(api.calls).toEqual(['DETECTED', 'DETECTED', 'DETECTED', 'NOT_DETECTED', 'DETECTED']);
  });

  it('gives up after its tries, and the changes after it still go', async () => {
    const api = flakyApi({ NOT_DETECTED: 10 }, 0);
    const reporter = new MotionReporter(api.send, { attempts: 3, backoffMs: 5 });
    const end = reporter.report('NOT_DETECTED');
    const next = reporter.report('DETECTED');
    await expect(end).rejects.toBeInstanceOf(DeviceApiCallError);
    expect((await next).state).toBe('DETECTED');
    expect(api.calls).toEqual(['NOT_DETECTED', 'NOT_DETECTED', 'NOT_DETECTED', 'DETECTED']);
  });

  it('does not try again what the service refused (a 4xx other than 429)', async () => {
    const api = flakyApi({ DETECTED: 1 }, 403);
    const reporter = new MotionReporter(api.send, { backoffMs: 5 });
    await expect(reporter.report('DETECTED')).rejects.toMatchObject({ status: 403 });
    expect(api.calls).toEqual(['DETECTED']);
  });

  it('starts a page by saying nothing moves', async () => {
    const api = flakyApi({});
    await new MotionReporter(api.send).reset();
    expect(api.arrived).toEqual(['NOT_DETECTED']);
  });
});
