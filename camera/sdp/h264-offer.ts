import { describeMediaSection, joinSections, splitSections } from './sections.js';

/**
 * What the camera assumes an H.264 payload without `a=fmtp` means: constrained baseline 3.1 with
 * packetization-mode 1, the format Echo Show integrations answer with. See camera/README.md.
 */
export const ECHO_SHOW_H264_FMTP = 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f';

/**
 * Rewrites a REMOTE offer before setRemoteDescription: every H264 payload that has no fmtp line
 * gets {@link ECHO_SHOW_H264_FMTP}. Chromium reads a missing fmtp as packetization-mode=0 and
 * would then encode single-NAL-unit packets; stating mode 1 in the offer makes the encoder, the
 * packetizer and the answer all agree on mode 1. Offers that already say something are untouched.
 */
export function addMissingH264Fmtp(offerSdp: string, fmtp: string = ECHO_SHOW_H264_FMTP): string {
  const parts = splitSections(offerSdp);
  let changed = false;
  parts.media = parts.media.map((block) => {
    const section = describeMediaSection(block);
    const missing = section.codecs.filter((c) => c.name.toUpperCase() === 'H264' && c.fmtp === undefined);
    if (missing.length === 0) return block;
    changed = true;
    const out = [...block];
    for (const codec of missing) {
      const rtpmapAt = out.findIndex((l) => l.startsWith(`a=rtpmap:${codec.payloadType} `));
      out.splice(rtpmapAt + 1, 0, `a=fmtp:${codec.payloadType} ${fmtp}`);
    }
    return out;
  });
  return changed ? joinSections(parts) : offerSdp;
}
