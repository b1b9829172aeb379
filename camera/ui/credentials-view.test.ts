import { describe, expect, it } from 'vitest';
import { credentialWarning } from './credentials-view.js';

describe('credentialWarning', () => {
  const keys = { accessKeyId: 'A', secretAccessKey: 'B' };
  const now = Date.parse('2026-01-01T12:00:00Z');
  it('warns shortly before and after expiry, and not otherwise', () => {
    expect(credentialWarning({ ...keys, expiration: '2026-01-01T12:05:00Z' }, now)).toMatch(/expire in 5 minutes/);
    expect(credentialWarning({ ...keys, expiration: '2026-01-01T11:59:00Z' }, now)).toMatch(/have expired/);
    expect(credentialWarning({ ...keys, expiration: '2026-01-01T13:00:00Z' }, now)).toBeUndefined();
    expect(credentialWarning(keys, now)).toBeUndefined();
  });
});
