import { summarizeSdp } from '../../contracts/sdp/sections.js';

/**
 * Whether the offerer supports trickle ICE (RFC 8840 section 4.1.1): an agent that does says so
 * with the ice-option `trickle`, at session level or in a media section. Without it the answerer
 * must not trickle (RFC 8838 section 3): it sends one answer with every candidate it gathered and
 * `a=end-of-candidates`, because candidates sent later would never be read. The Echo Show's offers
 * carry no ice-options at all; Chromium's carry `a=ice-options:trickle` in every media section.
 */
export function offerSupportsTrickle(offerSdp: string): boolean {
  const summary = summarizeSdp(offerSdp);
  return [...summary.iceOptions, ...summary.media.flatMap((m) => m.iceOptions)].includes('trickle');
}
