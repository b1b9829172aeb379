import { preferAudioCodecsOn } from '../media/codec-preferences.js';
import { candidatesIn, countCandidateTypes, type CandidateTypeCounts } from '../sdp/candidates.js';
import { fitAnswer, type DroppedCandidate } from '../sdp/fit-answer.js';
import { addMissingH264Fmtp } from '../sdp/h264-offer.js';
import { holdCandidates } from '../sdp/held-candidates.js';
import { finalizeNonTrickleAnswer } from '../sdp/non-trickle-answer.js';
import { gatheringDone, GATHER_DEADLINE_MS } from './gathering.js';
import { attachLocalTracks } from './local-tracks.js';

export interface CompleteAnswer {
  sdp: string;
  /** Whether gathering finished before the deadline (false: answered with what was there). */
  gatheringComplete: boolean;
  elapsedMs: number;
  /** The candidates the answer carries, by type. */
  candidates: CandidateTypeCounts;
  /** Characters of the payload KVS gets, and whether that is within its limit. */
  payloadChars: number;
  fits: boolean;
  /** Candidates left out of the answer, and why (camera/sdp/fit-answer.ts). */
  dropped: DroppedCandidate[];
}

/**
 * Answers an offer that does not announce trickle (the Echo Show's): one answer with every
 * candidate gathered before the deadline and `a=end-of-candidates` (RFC 8838 section 3), small
 * enough for KVS. The H.264 fmtp is made explicit before the browser reads the offer, and opus is
 * preferred.
 *
 * The offer's own candidates are added only once the answer is complete. Chromium gathers once:
 * as soon as one candidate pair works it stops, and it checks the offer's candidates the moment it
 * has them. On a network where the Echo Show is reachable that took a few milliseconds, before the
 * relay and TCP phases ran, and the answer carried one host candidate (measured in Chromium 156).
 * Held back, gathering runs its course (host, server-reflexive, relayed over UDP and TCP, bounded
 * by the deadline); the checks start as the answer leaves, which costs next to nothing: the
 * connection cannot come up before the Echo Show has the answer (our ICE credentials, our DTLS
 * fingerprint; it nominates the pair).
 */
export async function answerComplete(pc: RTCPeerConnection, offerSdp: string, stream: MediaStream, deadlineMs = GATHER_DEADLINE_MS): Promise<CompleteAnswer> {
  const started = performance.now();
  const held = holdCandidates(addMissingH264Fmtp(offerSdp));
  await pc.setRemoteDescription({ type: 'offer', sdp: held.sdp });
  await attachLocalTracks(pc, stream);
  preferAudioCodecsOn(pc);
  await pc.setLocalDescription(await pc.createAnswer());
  const remaining = Math.max(0, deadlineMs - (performance.now() - started));
  const { complete } = await gatheringDone(pc, remaining);
  const fitted = fitAnswer(finalizeNonTrickleAnswer(pc.localDescription?.sdp ?? ''));
  for (const candidate of held.candidates) await pc.addIceCandidate(candidate).catch(() => undefined);
  return {
    sdp: fitted.sdp,
    gatheringComplete: complete,
    elapsedMs: Math.round(performance.now() - started),
    candidates: countCandidateTypes(candidatesIn(fitted.sdp)),
    payloadChars: fitted.payloadChars,
    fits: fitted.fits,
    dropped: fitted.dropped,
  };
}
