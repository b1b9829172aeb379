import { describe, expect, it } from 'vitest';
import { isPageRole, PAGE_FILES, PAGE_ROLES } from './page-roles.js';

describe('the page roles', () => {
  it('are camera, button and viewer, nothing else (the doorbell page is the button role)', () => {
    expect(PAGE_ROLES).toEqual(['camera', 'button', 'viewer']);
    expect(['camera', 'button', 'viewer', 'doorbell', 'admin', null, 7].map(isPageRole)).toEqual([true, true, true, false, false, false, false]);
  });

  it('each open their own page, the button the doorbell page', () => {
    expect(PAGE_FILES).toEqual({ camera: 'camera.html', button: 'doorbell.html', viewer: 'viewer.html' });
  });
});
