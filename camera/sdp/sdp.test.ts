import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addMissingH264Fmtp, OFFER_H264_FMTP } from './h264-offer.js';
import { finalizeNonTrickleAnswer } from './non-trickle-answer.js';
import { fmtpParameters, summarizeSdp } from '../../contracts/sdp/sections.js';

const echoShowOffer = readFileSync(new URL('./fixtures/echo-show-offer.sdp', import.meta.url), 'utf8');

describe('summarizeSdp on the Echo Show offer', () => {
  const summary = summarizeSdp(echoShowOffer);

  it('reads the audio0/video0 bundle and both sections', () => {
    expect(summary.bundle).toEqual(['audio0', 'video0']);
    expect(summary.media.map((m) => [m.kind, m.mid, m.direction])).toEqual([
      ['audio', 'audio0', 'sendrecv'],
      ['video', 'video0', 'sendrecv'],
    ]);
  });

  it('lists codecs in m-line order with opus/48000/2 first and H264 without fmtp', () => {
    const [audio, video] = summary.media;
    expect(audio!.codecs.map((c) => `${c.payloadType} ${c.name}/${c.clockRate}`)).toEqual(['96 opus/48000', '0 PCMU/8000', '8 PCMA/8000']);
    expect(audio!.codecs[0]!.channels).toBe(2);
    expect(video!.codecs).toEqual([{ payloadType: 99, name: 'H264', clockRate: 90000 }]);
  });

  it('sees host candidates over UDP and TCP and no trickle option', () => {
    expect(summary.media[0]!.candidates).toHaveLength(4);
    expect(summary.media[0]!.candidates.some((c) => c.includes(' tcp '))).toBe(true);
    expect(summary.iceOptions).toEqual([]);
    expect(summary.media.every((m) => m.iceOptions.length === 0)).toBe(true);
  });
});

describe('addMissingH264Fmtp', () => {
  it('gives the fmtp-less H264 payload packetization-mode=1 constrained baseline 42e01f', () => {
    const rewritten = addMissingH264Fmtp(echoShowOffer);
    const video = summarizeSdp(rewritten).media[1]!;
    expect(video.codecs[0]!.fmtp).toBe(OFFER_H264_FMTP);
    expect(fmtpParameters(video.codecs[0]!.fmtp)).toMatchObject({ 'packetization-mode': '1', 'profile-level-id': '42e01f', 'x-google-start-bitrate': '1200' });
    expect(rewritten).toContain('a=rtpmap:99 H264/90000\r\na=fmtp:99 ');
  });

  it('changes nothing else in the offer', () => {
    const rewritten = addMissingH264Fmtp(echoShowOffer);
    const removed = rewritten.split('\r\n').filter((l) => !l.startsWith('a=fmtp:99 '));
    expect(removed.join('\r\n')).toBe(echoShowOffer);
  });

  it('leaves an H264 payload that already has fmtp alone', () => {
    const withFmtp = echoShowOffer.replace('a=rtpmap:99 H264/90000\r\n', 'a=rtpmap:99 H264/90000\r\na=fmtp:99 packetization-mode=0;profile-level-id=42001f\r\n');
    expect(addMissingH264Fmtp(withFmtp)).toBe(withFmtp);
  });

  it('accepts LF-only input', () => {
    const lf = echoShowOffer.replace(/\r\n/g, '\n');
    expect(summarizeSdp(addMissingH264Fmtp(lf)).media[1]!.codecs[0]!.fmtp).toBe(OFFER_H264_FMTP);
  });
});

describe('finalizeNonTrickleAnswer', () => {
  const answer = [
    'v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE audio0 video0',
    'm=audio 9 UDP/TLS/RTP/SAVPF 96', 'c=IN IP4 0.0.0.0', 'a=candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host', 'a=candidate:2 1 tcp 1518280447 127.0.0.1 9 typ host tcptype passive',
    'a=ice-options:trickle', 'a=mid:audio0', 'a=sendrecv', 'a=rtpmap:96 opus/48000/2',
    'm=video 9 UDP/TLS/RTP/SAVPF 99', 'c=IN IP4 0.0.0.0', 'a=candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host', 'a=ice-options:trickle', 'a=mid:video0', 'a=sendonly', 'a=rtpmap:99 H264/90000',
  ].join('\r\n') + '\r\n';

  it('adds end-of-candidates after the candidates of each section and drops the trickle option', () => {
    const out = finalizeNonTrickleAnswer(answer);
    const summary = summarizeSdp(out);
    expect(summary.media.map((m) => m.endOfCandidates)).toEqual([true, true]);
    expect(out).not.toContain('ice-options:trickle');
    expect(out).toContain('tcptype passive\r\na=end-of-candidates\r\n');
  });

  it('does not duplicate an existing end-of-candidates and is idempotent', () => {
    const once = finalizeNonTrickleAnswer(answer);
    expect(finalizeNonTrickleAnswer(once)).toBe(once);
    expect(once.match(/end-of-candidates/g)).toHaveLength(2);
  });

  it('leaves a section without candidates without end-of-candidates', () => {
    const noVideoCandidates = answer.replace('a=candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host\r\na=ice-options:trickle\r\na=mid:video0', 'a=mid:video0');
    expect(summarizeSdp(finalizeNonTrickleAnswer(noVideoCandidates)).media.map((m) => m.endOfCandidates)).toEqual([true, false]);
  });
});
