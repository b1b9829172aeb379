import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles per attempt, stays within half and all of the ceiling, and caps at max', () => {
    const low = (n: number) => backoffDelay(n, { initialMs: 100, maxMs: 1000, random: () => 0 });
    const high = (n: number) => backoffDelay(n, { initialMs: 100, maxMs: 1000, random: () => 1 });
    expect([0, 1, 2, 3, 4, 10].map(high)).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect([0, 1, 2, 3, 4, 10].map(low)).toEqual([50, 100, 200, 400, 500, 500]);
  });

  it('spreads delays with jitter', () => {
    const delays = new Set(Array.from({ length: 20 }, () => backoffDelay(3)));
    expect(delays.size).toBeGreaterThan(1);
  });
});
