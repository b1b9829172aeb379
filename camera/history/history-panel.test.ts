import { describe, expect, it } from 'vitest';
import { HISTORY_PICTURE_EXPIRES_S } from '../../contracts/snapshots.js';
import { refreshDue } from './history-panel.js';

describe('the history panel left alone', () => {
  const half = (HISTORY_PICTURE_EXPIRES_S * 1000) / 2;
  it('reloads its newest page when the pictures\' links reach half their life, while it is shown', () => {
    expect(refreshDue({ pagedOn: false, visible: true, loadedAt: 0, now: half - 1 })).toBe(false);
    expect(refreshDue({ pagedOn: false, visible: true, loadedAt: 0, now: half })).toBe(true);
    expect(refreshDue({ pagedOn: false, visible: false, loadedAt: 0, now: half * 3 })).toBe(false);
  });

  it('leaves a viewer who paged on to older visits where they are', () => {
    expect(refreshDue({ pagedOn: true, visible: true, loadedAt: 0, now: half * 3 })).toBe(false);
  });
});
