/**
 * Motion changes on their way to the device API: one at a time, in the order they happened, each
 * tried again after a failure the service may recover from (unreachable, 5xx, 429). The server keeps
 * the last state it heard and treats a repeat as no change, so a lost NOT_DETECTED would leave
 * DETECTED stored and make the next motion start a repeat: no event, no picture, no ChangeReport,
 * no routine. For the same reason a page starts by saying NOT_DETECTED (`reset`): a reload in the
 * middle of a motion never sent its end.
 */
import type { DetectionState, MotionResponse } from '../../contracts/device-api/bodies.js';
import { DeviceApiCallError } from '../device-api/client.js';

export interface MotionReporterOptions {
  /** Tries of one change, the first included. */
  attempts?: number;
  /** Pause before the second try; doubles after each failure. */
  backoffMs?: number;
}

const retryable = (err: unknown): boolean =>
  err instanceof DeviceApiCallError ? err.status === 0 || err.status === 429 || err.status >= 500 : false;

export class MotionReporter {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly attempts: number;
  private readonly backoffMs: number;

  constructor(
    private readonly send: (state: DetectionState) => Promise<MotionResponse>,
    options: MotionReporterOptions = {},
  ) {
    this.attempts = options.attempts ?? 4;
    this.backoffMs = options.backoffMs ?? 1_000;
  }

  /** Resolves with the service's answer, or rejects with the last failure once the tries are spent. */
  report(state: DetectionState): Promise<MotionResponse> {
    const result = this.queue.then(() => this.tryToSend(state));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** What a page says first: whatever an earlier life of it left stored, nothing moves now. */
  reset(): Promise<MotionResponse> {
    return this.report('NOT_DETECTED');
  }

  private async tryToSend(state: DetectionState): Promise<MotionResponse> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.send(state);
      } catch (err) {
        if (attempt >= this.attempts || !retryable(err)) throw err;
        await new Promise((resolve) => setTimeout(resolve, this.backoffMs * 2 ** (attempt - 1)));
      }
    }
  }
}
