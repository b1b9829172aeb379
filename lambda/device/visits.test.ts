import { describe, expect, it } from 'vitest';
import { groupVisits } from './visits.js';
import type { HistoryEvent } from '../../contracts/device-api/bodies.js';

const at = (type: 'PRESS' | 'MOTION', ms: number): HistoryEvent => ({ eventId: `${String(ms).padStart(13, '0')}-00000000`, type, at: ms });

describe('visits', () => {
  it('group a press and the motion around it, seconds apart, and keep events minutes apart separate', () => {
    const visits = groupVisits([at('MOTION', 1_000_000), at('PRESS', 996_000), at('MOTION', 990_000), at('MOTION', 700_000)], 15_000);
    expect(visits.map((v) => v.events.map((e) => e.type))).toEqual([['MOTION', 'PRESS', 'MOTION'], ['MOTION']]);
    expect(visits[0]).toMatchObject({ startedAt: 990_000, endedAt: 1_000_000 });
  });

  it('chain by the gap between neighbours, not from the first event', () => {
    expect(groupVisits([at('MOTION', 100_000), at('MOTION', 90_000), at('MOTION', 80_000)], 10_000)).toHaveLength(1);
    expect(groupVisits([at('MOTION', 100_000), at('MOTION', 89_999)], 10_000)).toHaveLength(2);
    expect(groupVisits([])).toEqual([]);
  });

  it('split motion that never stops into visits of at most VISIT_MAX_MS', () => {
    // Motion every 10 s for 20 minutes, newest first.
    const events = Array.from({ length: 121 }, (_, i) => at('MOTION', 2_000_000 - i * 10_000));
    const visits = groupVisits(events, 15_000, 5 * 60_000);
    expect(visits.map((v) => v.events.length)).toEqual([31, 31, 31, 28]);
    for (const v of visits) expect(v.endedAt - v.startedAt).toBeLessThanOrEqual(5 * 60_000);
    expect(visits.flatMap((v) => v.events)).toEqual(events);
  });
});
