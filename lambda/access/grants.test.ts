import { describe, expect, it } from 'vitest';
import { RETIRED_HASHES_KEPT, type DeviceItem } from '../../contracts/tables.js';
import { classify, deviceSummary, revoked, rotated } from './grants.js';

const device = (over: Partial<DeviceItem> = {}): DeviceItem => ({
  deviceId: 'd'.repeat(22),
  endpointId: 'front-door',
  role: 'camera',
  label: 'Laptop',
  ownerEmail: 'alice@example.com',
  createdAt: Date.UTC(2026, 0, 1),
  currentHash: 'C',
  pendingHash: 'P',
  retiredHashes: ['R1', 'R2'],
  version: 3,
  ...over,
});

describe('device grant rotation', () => {
  it('tells the pending, the current, a retired and an unknown secret apart', () => {
    expect(['P', 'C', 'R1', 'R2', 'X'].map((h) => classify(device(), h))).toEqual(['pending', 'current', 'retired', 'retired', 'unknown']);
    expect(classify(device({ currentHash: undefined }), 'P')).toBe('pending');
  });

  it('promotes the pending secret when it is presented: current retired, a new pending', () => {
    const next = rotated(device(), 'pending', 'N', 5);
    expect(next).toMatchObject({ currentHash: 'P', pendingHash: 'N', retiredHashes: ['R1', 'R2', 'C'], lastUsedAt: 5 });
    expect(classify(next, 'C')).toBe('retired');
  });

  it('replaces the pending one when the current secret comes again (a lost answer): the current stays good', () => {
    const next = rotated(device(), 'current', 'N', 5);
    expect(next).toMatchObject({ currentHash: 'C', pendingHash: 'N', retiredHashes: ['R1', 'R2', 'P'] });
    expect(classify(next, 'C')).toBe('current');
  });

  it('keeps only the last 16 retired hashes', () => {
    const many = device({ retiredHashes: Array.from({ length: RETIRED_HASHES_KEPT }, (_, i) => `R${i}`) });
    const next = rotated(many, 'pending', 'N', 5);
    expect(next.retiredHashes).toHaveLength(RETIRED_HASHES_KEPT);
    expect(next.retiredHashes.at(-1)).toBe('C');
    expect(next.retiredHashes[0]).toBe('R1');
  });

  it('shows the device without any hash, times in ISO 8601', () => {
    const summary = deviceSummary(revoked(rotated(device(), 'pending', 'N', Date.UTC(2026, 0, 2)), 'REUSED', Date.UTC(2026, 0, 3)));
    expect(summary).toEqual({
      deviceId: 'd'.repeat(22),
      endpointId: 'front-door',
      role: 'camera',
      label: 'Laptop',
      createdAt: '2026-01-01T00:00:00.000Z',
      lastUsedAt: '2026-01-02T00:00:00.000Z',
      revokedAt: '2026-01-03T00:00:00.000Z',
      revokedReason: 'REUSED',
    });
    expect(JSON.stringify(summary)).not.toMatch(/Hash|"C"|"P"|"N"/);
  });
});
