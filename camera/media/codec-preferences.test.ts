import { describe, expect, it } from 'vitest';
import { preferAudioCodecs } from './codec-preferences.js';

const codec = (mimeType: string, clockRate = 8000) => ({ mimeType, clockRate });

describe('preferAudioCodecs', () => {
  it('puts opus first, then PCMU and PCMA, whatever order they come in', () => {
    const ordered = preferAudioCodecs([codec('audio/PCMA'), codec('audio/CN'), codec('audio/PCMU'), codec('audio/opus', 48000), codec('audio/telephone-event')]);
    expect(ordered.map((c) => c.mimeType)).toEqual(['audio/opus', 'audio/PCMU', 'audio/PCMA', 'audio/CN', 'audio/telephone-event']);
  });

  it('keeps the relative order of everything else and of several entries of one codec', () => {
    const input = [codec('audio/red', 48000), codec('audio/PCMU', 8000), codec('audio/G722'), codec('audio/CN', 16000), codec('audio/CN', 8000), codec('audio/PCMU', 16000)];
    expect(preferAudioCodecs(input)).toEqual([codec('audio/PCMU', 8000), codec('audio/PCMU', 16000), codec('audio/red', 48000), codec('audio/G722'), codec('audio/CN', 16000), codec('audio/CN', 8000)]);
  });

  it('matches mime types without regard to case (Chromium writes opus, others OPUS)', () => {
    expect(preferAudioCodecs([codec('audio/PCMU'), codec('audio/OPUS', 48000)]).map((c) => c.mimeType)).toEqual(['audio/OPUS', 'audio/PCMU']);
  });
});
