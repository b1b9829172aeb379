import { describe, expect, it } from 'vitest';
import { decodeALaw, decodeMuLaw, encodeALaw, encodeMuLaw } from './g711.js';

describe('G.711 for the test peers', () => {
  it('round-trips samples within the companding error, for both laws', () => {
    for (const sample of [0, 1, -1, 100, -100, 1000, -1000, 11000, -11000, 32000, -32000]) {
      const tolerance = Math.max(16, Math.abs(sample) / 16);
      expect(Math.abs(decodeMuLaw(encodeMuLaw(sample)) - sample), `µ-law ${sample}`).toBeLessThanOrEqual(tolerance);
      expect(Math.abs(decodeALaw(encodeALaw(sample)) - sample), `A-law ${sample}`).toBeLessThanOrEqual(tolerance);
    }
  });

  it('knows the standard\'s silence bytes', () => {
    expect(encodeMuLaw(0)).toBe(0xff);
    expect(decodeMuLaw(0xff)).toBe(0);
    expect(Math.abs(decodeALaw(0xd5))).toBeLessThanOrEqual(8);
  });
});
