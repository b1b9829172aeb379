import { describeMediaSection, joinSections, splitSections } from '../../contracts/sdp/sections.js';

/** A remote candidate to hand to `addIceCandidate` later (the shape of RTCIceCandidateInit). */
export interface HeldCandidate {
  candidate: string;
  sdpMid?: string;
  sdpMLineIndex: number;
}

/**
 * Splits an offer into the offer without its candidates (and `a=end-of-candidates`) and the
 * candidates themselves, each once (bundled sections repeat them), for `addIceCandidate` once the
 * answer is complete. Why the camera holds them back: camera/sessions/complete-answer.ts.
 */
export function holdCandidates(offerSdp: string): { sdp: string; candidates: HeldCandidate[] } {
  const parts = splitSections(offerSdp);
  const candidates: HeldCandidate[] = [];
  const seen = new Set<string>();
  parts.media = parts.media.map((block, sdpMLineIndex) => {
    const { mid } = describeMediaSection(block);
    for (const line of block) {
      if (!line.startsWith('a=candidate:') || seen.has(line)) continue;
      seen.add(line);
      candidates.push({ candidate: line.slice(2), ...(mid !== undefined ? { sdpMid: mid } : {}), sdpMLineIndex });
    }
    return block.filter((line) => !line.startsWith('a=candidate:') && line !== 'a=end-of-candidates');
  });
  return { sdp: candidates.length > 0 ? joinSections(parts) : offerSdp, candidates };
}
