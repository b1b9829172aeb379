import { describe, expect, it } from 'vitest';
import type { PressOutcome } from '../../contracts/device-api/bodies.js';
import { describePress } from './press-view.js';

describe('describePress', () => {
  it('gives every outcome a title, a next step and a tone; only DELIVERED is ok', () => {
    const outcomes: PressOutcome[] = ['DELIVERED', 'DEBOUNCED', 'NOT_LINKED', 'RELINK_REQUIRED', 'THROTTLED', 'GATEWAY_ERROR', 'LWA_UNAVAILABLE', 'SKILL_MISCONFIGURED'];
    const views = outcomes.map((outcome) => describePress({ outcome, message: 'm.', region: 'EU' }));
    expect(views.every((v) => v.title.length > 0 && v.text.includes('m.'))).toBe(true);
    expect(views.filter((v) => v.tone === 'ok')).toHaveLength(1);
    expect(describePress({ outcome: 'RELINK_REQUIRED', message: 'm.' }).text).toMatch(/link it again/);
    // A wrong client secret is not the link: the page never sends its owner to re-link for it.
    expect(describePress({ outcome: 'SKILL_MISCONFIGURED', message: 'm.' }).text).not.toMatch(/link/);
    expect(describePress({ outcome: 'DELIVERED', message: 'm.', region: 'EU' }).text).toMatch(/EU region/);
  });
});
