import { describe, expect, it } from 'vitest';
import { concurrently, percentile, summarize } from './stats.js';

describe('benchmark statistics', () => {
  it('take nearest-rank percentiles, so p95 of 1..100 is 95 and p50 of 1..4 is 2', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([7], 95)).toBe(7);
    expect(summarize([5, 1, 3, 2, 4])).toEqual({ n: 5, p50: 3, p95: 5, max: 5, mean: 3 });
  });

  it('run exactly the requested number of calls from the given number of concurrent callers, counting failures', async () => {
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    const r = await concurrently(3, 10, async (i) => {
      running++;
      most = Math.max(most, running);
      seen.push(i);
      await new Promise((res) => setTimeout(res, 5));
      running--;
      if (i === 4) throw new Error('one failure');
    });
    expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(most).toBe(3);
    expect(r.latencies).toHaveLength(10);
    expect(r.errors).toBe(1);
  });
});
