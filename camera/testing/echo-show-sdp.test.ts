import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { summarizeSdp } from '../sdp/sections.js';
import { reshapeAsEchoShowOffer } from './echo-show-sdp.js';

// A fully gathered offer from Chromium 156 (audio sendrecv + video recvonly), addresses replaced.
const chromiumOffer = readFileSync(new URL('./fixtures/chromium-offer.sdp', import.meta.url), 'utf8');

describe('reshapeAsEchoShowOffer', () => {
  const shaped = reshapeAsEchoShowOffer(chromiumOffer);
  const summary = summarizeSdp(shaped.sdp);

  it('gives the offer the Echo Show quirks: audio0/video0, opus+PCMU+PCMA, one fmtp-less H264, no trickle, no extensions', () => {
    expect(summary.bundle).toEqual(['audio0', 'video0']);
    expect(summary.media.map((m) => m.mid)).toEqual(['audio0', 'video0']);
    expect(summary.media[0]!.codecs.map((c) => c.name)).toEqual(['opus', 'PCMU', 'PCMA']);
    expect(summary.media[1]!.codecs).toHaveLength(1);
    expect(summary.media[1]!.codecs[0]).toMatchObject({ name: 'H264', clockRate: 90000 });
    expect(summary.media[1]!.codecs[0]!.fmtp).toBeUndefined();
    expect(summary.media[1]!.direction).toBe('sendrecv');
    expect(shaped.sdp).not.toMatch(/ice-options:trickle|a=extmap:|goog-remb|transport-cc/);
    expect(summary.media.every((m) => m.candidates.length > 0)).toBe(true);
  });

  it('maps an answer to it back to the mids the offering Chromium used, leaving payload types alone', () => {
    const h264 = summary.media[1]!.codecs[0]!.payloadType;
    const answer = shaped.sdp
      .replace('a=setup:actpass', 'a=setup:active')
      .replace(/a=sendrecv\r\n(?![\s\S]*m=audio)/, 'a=sendonly\r\n');
    const restored = summarizeSdp(shaped.restoreAnswer(answer));
    expect(restored.bundle).toEqual(['0', '1']);
    expect(restored.media.map((m) => m.mid)).toEqual(['0', '1']);
    expect(restored.media[1]!.codecs[0]!.payloadType).toBe(h264);
  });
});
