import { describe, expect, it } from 'vitest';
import { changedShare, toGray, WHOLE_PICTURE, zonePixels } from './frame-diff.js';
import { MotionState, shareThreshold } from './motion-state.js';
import { parseSettings, zoneFromDrag } from './settings.js';

const W = 160;
const H = 90;
const frame = (fill: number, block?: { x: number; y: number; size: number; value: number }) => {
  const f = new Uint8Array(W * H).fill(fill);
  if (block) for (let y = block.y; y < block.y + block.size; y++) for (let x = block.x; x < block.x + block.size; x++) f[y * W + x] = block.value;
  return f;
};

describe('frame differencing', () => {
  it('counts the share of the zone that changed beyond the per-pixel threshold', () => {
    const still = frame(100);
    expect(changedShare(still, frame(100), W, H, WHOLE_PICTURE, 20)).toBe(0);
    // A flicker: the whole picture a little brighter, under the per-pixel threshold.
    expect(changedShare(still, frame(112), W, H, WHOLE_PICTURE, 20)).toBe(0);
    const moved = frame(100, { x: 0, y: 0, size: 30, value: 220 });
    expect(changedShare(still, moved, W, H, WHOLE_PICTURE, 20)).toBeCloseTo((30 * 30) / (W * H), 6);
    // The same change outside the zone counts for nothing; inside a small zone it is most of it.
    expect(changedShare(still, moved, W, H, { x: 0.5, y: 0.5, width: 0.5, height: 0.5 }, 20)).toBe(0);
    expect(changedShare(still, moved, W, H, { x: 0, y: 0, width: 0.25, height: 0.4 }, 20)).toBeCloseTo(900 / (40 * 36), 6);
  });

  it('turns RGBA into luma and keeps a zone inside the picture', () => {
    const rgba = new Uint8ClampedArray([255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 255]);
    expect([...toGray(rgba, new Uint8Array(3))]).toEqual([255, 0, 76]);
    expect(zonePixels({ x: 0.99, y: 0.99, width: 0.5, height: 0.5 }, W, H)).toEqual({ x0: 158, y0: 89, x1: 160, y1: 90 });
  });
});

describe('motion timing', () => {
  const threshold = shareThreshold(50);
  it('starts after consecutive samples above the threshold, ends after the quiet cooldown, waits the minimum gap', () => {
    const m = new MotionState({ startAfterSamples: 2, quietMs: 1000, minGapMs: 3000 });
    const changes: [number, string][] = [];
    const run = (share: number, t: number) => {
      const c = m.update(share, threshold, t);
      if (c) changes.push([t, c]);
    };
    run(0.5, 0); // one noisy sample: nothing
    run(0, 250);
    run(0.5, 500);
    run(0.5, 750); // second in a row: start
    run(0, 1000);
    run(0.5, 1250); // still moving
    for (let t = 1500; t <= 2250; t += 250) run(0, t); // quiet for 1 s after 1250: end at 2250
    run(0.5, 2500);
    run(0.5, 2750); // within the gap: no new start
    for (let t = 3000; t <= 5250; t += 250) run(0.5, t); // the gap has passed at 5250
    expect(changes).toEqual([
      [750, 'start'],
      [2250, 'end'],
      [5250, 'start'],
    ]);
  });

  it('maps sensitivity 1-100 to 20 %-0.5 % of the zone, 3 % in the middle', () => {
    expect(shareThreshold(1)).toBeCloseTo(0.2, 6);
    expect(shareThreshold(100)).toBeCloseTo(0.005, 6);
    expect(shareThreshold(50)).toBeGreaterThan(0.025);
    expect(shareThreshold(50)).toBeLessThan(0.035);
    expect(shareThreshold(80)).toBeLessThan(shareThreshold(20));
  });
});

describe('motion settings', () => {
  it('reads what was stored, and falls back to the defaults for anything else', () => {
    expect(parseSettings(null)).toEqual({ enabled: true, sensitivity: 50 });
    expect(parseSettings('{"enabled":false,"sensitivity":80,"zone":{"x":0.1,"y":0.2,"width":0.5,"height":0.5}}')).toEqual({ enabled: false, sensitivity: 80, zone: { x: 0.1, y: 0.2, width: 0.5, height: 0.5 } });
    expect(parseSettings('{"sensitivity":500,"zone":{"x":0.9,"y":0,"width":0.5,"height":0.5}}')).toEqual({ enabled: true, sensitivity: 50 });
    expect(parseSettings('not json')).toEqual({ enabled: true, sensitivity: 50 });
  });

  it('makes a zone of a drag from either corner, and none of a click', () => {
    expect(zoneFromDrag({ x: 0.8, y: 0.9 }, { x: 0.2, y: 0.1 })).toEqual({ x: 0.2, y: 0.1, width: expect.closeTo(0.6, 6), height: expect.closeTo(0.8, 6) });
    expect(zoneFromDrag({ x: 0.5, y: 0.5 }, { x: 0.505, y: 0.6 })).toBeUndefined();
    expect(zoneFromDrag({ x: -1, y: -1 }, { x: 2, y: 2 })).toEqual({ x: 0, y: 0, width: 1, height: 1 });
  });
});
