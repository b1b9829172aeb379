import { describe, expect, it } from 'vitest';
import { delayAfter, startAgainLater, startedWell } from './start-again.js';

function fakeTab() {
  const items = new Map<string, string>();
  const storage = { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) };
  const timers: { fn: () => void; ms: number }[] = [];
  let reloads = 0;
  const shown: number[] = [];
  return {
    deps: { storage, reload: () => void reloads++, setTimeout: (fn: () => void, ms: number) => timers.push({ fn, ms }), onScheduled: (ms: number) => void shown.push(ms) },
    storage,
    timers,
    shown,
    reloads: () => reloads,
  };
}

describe('starting again', () => {
  it('reloads after 5 s, then twice as long each time, never more than 5 minutes apart', () => {
    const tab = fakeTab();
    for (let i = 0; i < 9; i++) startAgainLater(tab.deps);
    expect(tab.shown).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
    expect(tab.timers.map((t) => t.ms)).toEqual(tab.shown);
    expect(tab.reloads()).toBe(0);
    tab.timers[0]!.fn();
    expect(tab.reloads()).toBe(1);
  });

  it('starts from the first delay again once the page has run', () => {
    const tab = fakeTab();
    startAgainLater(tab.deps);
    startAgainLater(tab.deps);
    startedWell(tab.storage);
    expect(startAgainLater(tab.deps)).toBe(delayAfter(1));
  });
});
