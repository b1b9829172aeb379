/**
 * When motion starts and ends, from the changed share of each sample (frame-diff.ts): pure, so its
 * timing is tested without a camera.
 * - starts after `startAfterSamples` consecutive samples above the sensitivity's share (one noisy
 *   sample, a flicker, does not start it);
 * - ends once no sample was above it for `quietMs` (the cooldown: a visitor standing still for a
 *   moment is one event, not two);
 * - a new start waits `minGapMs` after the last end (a car passing every few seconds is not a
 *   stream of events).
 */
export interface MotionTiming {
  startAfterSamples: number;
  quietMs: number;
  minGapMs: number;
}

export const DEFAULT_TIMING: MotionTiming = { startAfterSamples: 2, quietMs: 2_000, minGapMs: 5_000 };

export type MotionChange = 'start' | 'end';

/**
 * Sensitivity 1-100 (the page's slider) to the share of the zone that must change: from 20 % of
 * the zone at 1 to 0.5 % at 100, evenly on a log scale (each step is the same ratio), 3 % at 50.
 */
export function shareThreshold(sensitivity: number): number {
  const s = Math.min(100, Math.max(1, sensitivity));
  return 0.2 * (0.005 / 0.2) ** ((s - 1) / 99);
}

export class MotionState {
  private above = 0;
  private lastAboveAt = -Infinity;
  private lastEndAt = -Infinity;
  private active = false;

  constructor(private readonly timing: MotionTiming = DEFAULT_TIMING) {}

  get moving(): boolean {
    return this.active;
  }

  /** One sample's share of changed pixels at `now` (ms); what changed, if anything. */
  update(share: number, threshold: number, now: number): MotionChange | undefined {
    if (share > threshold) {
      this.above++;
      this.lastAboveAt = now;
    } else {
      this.above = 0;
    }
    if (!this.active) {
      if (this.above >= this.timing.startAfterSamples && now - this.lastEndAt >= this.timing.minGapMs) {
        this.active = true;
        return 'start';
      }
      return undefined;
    }
    if (now - this.lastAboveAt >= this.timing.quietMs) {
      this.active = false;
      this.lastEndAt = now;
      return 'end';
    }
    return undefined;
  }

  /** Forget everything (the camera changed, the zone moved): the next frames start afresh. */
  reset(): void {
    const wasActive = this.active;
    this.above = 0;
    this.active = false;
    if (wasActive) this.lastEndAt = -Infinity;
  }
}
