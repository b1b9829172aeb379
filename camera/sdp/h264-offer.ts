import { describeMediaSection, joinSections, splitSections } from '../../contracts/sdp/sections.js';

/**
 * What the camera assumes an H.264 payload without `a=fmtp` means: constrained baseline 3.1 with
 * packetization-mode 1, the format Echo Show integrations answer with. See camera/README.md.
 */
export const ECHO_SHOW_H264_FMTP = 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f';

/**
 * The sender's first bandwidth estimate, in kbps (Chromium's `x-google-start-bitrate`). The Echo
 * Show's offer asks for no congestion-control feedback (no transport-cc, no goog-remb), so the
 * browser's estimate only grows by its loss-based rule, about 8 % a second from 300 kbps: video
 * started at 320x180 and took some 20 s to reach 720p. Starting at 1.2 Mbps, an Echo Show on a
 * home network gets 720p from the first seconds; loss still brings the rate down where the
 * network cannot carry it. Measured in infra/local/stack/local-stack.test.ts (videoAfter10s).
 */
export const START_BITRATE_KBPS = 1200;

/** What is added to an fmtp-less H.264 payload of a remote offer. */
export const OFFER_H264_FMTP = `${ECHO_SHOW_H264_FMTP};x-google-start-bitrate=${START_BITRATE_KBPS}`;

/**
 * Rewrites a REMOTE offer before setRemoteDescription: every H264 payload that has no fmtp line
 * gets {@link OFFER_H264_FMTP}. Chromium reads a missing fmtp as packetization-mode=0 and
 * would then encode single-NAL-unit packets; stating mode 1 in the offer makes the encoder, the
 * packetizer and the answer all agree on mode 1. Offers that already say something are untouched.
 */
export function addMissingH264Fmtp(offerSdp: string, fmtp: string = OFFER_H264_FMTP): string {
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
