import { describe, expect, it } from 'vitest';
import { describeAnswer } from './sessions-view.js';

describe('describeAnswer', () => {
  it('says how an answer went out and which candidate types it carried', () => {
    expect(describeAnswer({ mode: 'complete', ms: 140, gatheringComplete: true, candidates: { host: 2, srflx: 1, prflx: 0, relay: 2 }, payloadChars: 3200, dropped: [] })).toBe('complete: 2 host, 1 srflx, 2 relay');
    expect(describeAnswer({ mode: 'trickle', ms: 20, candidates: { host: 1, srflx: 0, prflx: 1, relay: 0 }, dropped: [] })).toBe('trickle: 1 host, 0 srflx, 0 relay, 1 prflx');
  });

  it('counts what was dropped to fit, and shows a dash before there is an answer', () => {
    const dropped = [{ candidate: 'candidate:1 1 udp 1 169.254.1.1 1 typ host', reason: 'link-local' as const }, { candidate: 'candidate:2 1 udp 1 10.0.0.9 2 typ host', reason: 'over-limit' as const }];
    expect(describeAnswer({ mode: 'complete', ms: 300, candidates: { host: 4, srflx: 0, prflx: 0, relay: 1 }, payloadChars: 9990, dropped })).toBe('complete: 4 host, 0 srflx, 1 relay (2 dropped)');
    expect(describeAnswer(undefined)).toBe('—');
  });
});
