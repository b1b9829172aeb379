import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reshapeAsEchoShowOffer } from './echo-show-offer.js';
import { summarizeSdp } from './sections.js';

const lines = (sdp: string): string[] => sdp.split('\r\n').filter(Boolean);

describe('reshapeAsEchoShowOffer, on a fully gathered offer from Chromium 156 with every codec (audio sendrecv + video recvonly, addresses replaced)', () => {
  const chromiumOffer = readFileSync(new URL('./fixtures/chromium-offer.sdp', import.meta.url), 'utf8');
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

describe('reshapeAsEchoShowOffer, on the Echo Show simulator’s offer (codecs already narrowed to H.264 and opus/PCMU/PCMA, full gathering)', () => {
  const chromiumOffer = readFileSync(new URL('./fixtures/chromium-offer-narrowed.sdp', import.meta.url), 'utf8');
  const { sdp, mids, restoreAnswer } = reshapeAsEchoShowOffer(chromiumOffer);

  it('announces no trickle ICE and carries the gathered candidates inline', () => {
    expect(chromiumOffer).toContain('a=ice-options:trickle');
    expect(sdp).not.toContain('ice-options');
    expect(lines(sdp).filter((l) => l.startsWith('a=candidate:'))).toEqual(lines(chromiumOffer).filter((l) => l.startsWith('a=candidate:')));
  });

  it('keeps H.264 without any fmtp line, and opus with its own', () => {
    expect(sdp).toMatch(/^a=rtpmap:108 H264\/90000$/m);
    expect(sdp).not.toMatch(/^a=fmtp:108 /m);
    expect(sdp).toMatch(/^a=fmtp:111 minptime=10;useinbandfec=1$/m);
  });

  it('drops every RTP header extension', () => {
    expect(chromiumOffer).toMatch(/^a=extmap-allow-mixed$/m);
    expect(sdp).not.toMatch(/^a=extmap/m);
  });

  it('names the media sections audio0 and video0 in one BUNDLE', () => {
    expect(sdp).toMatch(/^a=group:BUNDLE audio0 video0$/m);
    expect(lines(sdp).filter((l) => l.startsWith('a=mid:'))).toEqual(['a=mid:audio0', 'a=mid:video0']);
    expect(mids).toEqual({ audio0: '0', video0: '1' });
  });

  it('keeps audio sendrecv, offers video sendrecv as the Echo Show does, keeps ssrc and ICE credentials, and ends with CRLF', () => {
    expect(summarizeSdp(sdp).media.map((m) => m.direction)).toEqual(['sendrecv', 'sendrecv']);
    for (const keep of ['a=ice-ufrag:JU/S', 'a=ssrc:3274446114 cname:2ueFb6lNnH3q/LZu']) expect(sdp).toContain(keep);
    expect(sdp.endsWith('\r\n')).toBe(true);
    expect(sdp).not.toContain('\r\n\r\n');
  });

  it('maps an answer’s mids back to the browser’s own', () => {
    const answer = ['v=0', 'a=group:BUNDLE audio0 video0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=mid:audio0', 'm=video 9 UDP/TLS/RTP/SAVPF 108', 'a=mid:video0', ''].join('\r\n');
    const restored = restoreAnswer(answer);
    expect(restored).toMatch(/^a=group:BUNDLE 0 1$/m);
    expect(lines(restored).filter((l) => l.startsWith('a=mid:'))).toEqual(['a=mid:0', 'a=mid:1']);
  });
});
