import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reshapeLikeEchoShow, restoreMids } from './echo-offer.js';

// A real offer from the project's Chromium: audio sendrecv, video recvonly, full gathering.
const chromiumOffer = readFileSync(new URL('./test/chromium-offer.sdp', import.meta.url), 'utf8');
const lines = (sdp: string): string[] => sdp.split('\r\n').filter(Boolean);

describe('an offer reshaped like the Echo Show’s', () => {
  const { sdp, mids } = reshapeLikeEchoShow(chromiumOffer);

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
    expect(sdp).not.toMatch(/^a=extmap/m);
  });

  it('names the media sections audio0 and video0 in one BUNDLE', () => {
    expect(sdp).toMatch(/^a=group:BUNDLE audio0 video0$/m);
    expect(lines(sdp).filter((l) => l.startsWith('a=mid:'))).toEqual(['a=mid:audio0', 'a=mid:video0']);
    expect(mids).toEqual({ audio0: '0', video0: '1' });
  });

  it('keeps directions, ssrc and ICE credentials, and ends with CRLF', () => {
    for (const keep of ['a=sendrecv', 'a=recvonly', 'a=ice-ufrag:JU/S', 'a=ssrc:3274446114 cname:2ueFb6lNnH3q/LZu']) expect(sdp).toContain(keep);
    expect(sdp.endsWith('\r\n')).toBe(true);
    expect(sdp).not.toContain('\r\n\r\n');
  });

  it('maps an answer’s mids back to the browser’s own', () => {
    const answer = ['v=0', 'a=group:BUNDLE audio0 video0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=mid:audio0', 'm=video 9 UDP/TLS/RTP/SAVPF 108', 'a=mid:video0', ''].join('\r\n');
    const restored = restoreMids(answer, mids);
    expect(restored).toMatch(/^a=group:BUNDLE 0 1$/m);
    expect(lines(restored).filter((l) => l.startsWith('a=mid:'))).toEqual(['a=mid:0', 'a=mid:1']);
  });
});
