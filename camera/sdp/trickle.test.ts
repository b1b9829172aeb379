import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { offerSupportsTrickle } from './trickle.js';

const fixture = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const echoShowOffer = fixture('./fixtures/echo-show-offer.sdp');
const chromiumOffer = fixture('../../contracts/sdp/fixtures/chromium-offer.sdp');

const offer = (sessionLines: string[], audioLines: string[] = [], videoLines: string[] = []) =>
  [
    'v=0', 'o=- 1 2 IN IP4 0.0.0.0', 's=-', 't=0 0', ...sessionLines, 'a=group:BUNDLE a v',
    'm=audio 9 UDP/TLS/RTP/SAVPF 96', 'c=IN IP4 0.0.0.0', 'a=mid:a', ...audioLines, 'a=rtpmap:96 opus/48000/2',
    'm=video 9 UDP/TLS/RTP/SAVPF 99', 'c=IN IP4 0.0.0.0', 'a=mid:v', ...videoLines, 'a=rtpmap:99 H264/90000',
  ].join('\r\n') + '\r\n';

describe('offerSupportsTrickle (RFC 8840: the offer decides)', () => {
  it('says no for the recorded Echo Show offer, which has no ice-options', () => {
    expect(offerSupportsTrickle(echoShowOffer)).toBe(false);
  });

  it('says yes for Chromium\'s own offer, which has a=ice-options:trickle in each section', () => {
    expect(chromiumOffer).toContain('a=ice-options:trickle');
    expect(offerSupportsTrickle(chromiumOffer)).toBe(true);
  });

  it('reads the option at session level and at media level, in any one section', () => {
    expect(offerSupportsTrickle(offer(['a=ice-options:trickle']))).toBe(true);
    expect(offerSupportsTrickle(offer([], [], ['a=ice-options:trickle']))).toBe(true);
    expect(offerSupportsTrickle(offer([]))).toBe(false);
  });

  it('finds trickle among other ice-options and is not fooled by look-alikes', () => {
    expect(offerSupportsTrickle(offer(['a=ice-options:ice2 trickle renomination']))).toBe(true);
    expect(offerSupportsTrickle(offer(['a=ice-options:ice2 renomination'], ['a=ice-options:tricklex']))).toBe(false);
    expect(offerSupportsTrickle(offer([], ['a=x-ice-options:trickle']))).toBe(false);
  });

  it('accepts LF-only line ends', () => {
    expect(offerSupportsTrickle(offer(['a=ice-options:trickle']).replace(/\r\n/g, '\n'))).toBe(true);
  });
});
