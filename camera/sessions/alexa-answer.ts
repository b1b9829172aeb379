import { addMissingH264Fmtp } from '../sdp/h264-offer.js';
import { finalizeNonTrickleAnswer } from '../sdp/non-trickle-answer.js';

/** Alexa gives the whole exchange about 6 s; gathering may use at most this much of it. */
export const ALEXA_GATHER_DEADLINE_MS = 1_800;

/** Resolves when ICE gathering completes or the deadline passes, whichever is first. */
export function gatheringDone(pc: RTCPeerConnection, deadlineMs: number): Promise<{ complete: boolean }> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve({ complete: true });
  return new Promise((resolve) => {
    const finish = (complete: boolean) => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', onChange);
      pc.removeEventListener('icecandidate', onCandidate);
      resolve({ complete });
    };
    const onChange = () => pc.iceGatheringState === 'complete' && finish(true);
    const onCandidate = (e: RTCPeerConnectionIceEvent) => e.candidate === null && finish(true);
    const timer = setTimeout(() => finish(false), deadlineMs);
    pc.addEventListener('icegatheringstatechange', onChange);
    pc.addEventListener('icecandidate', onCandidate);
  });
}

/**
 * Puts the camera's tracks on the transceivers the offer created: video goes out sendonly
 * whatever the offer says, audio both ways.
 */
export async function attachLocalTracks(pc: RTCPeerConnection, stream: MediaStream): Promise<void> {
  for (const transceiver of pc.getTransceivers()) {
    const kind = transceiver.receiver.track.kind as 'audio' | 'video';
    const track = kind === 'video' ? stream.getVideoTracks()[0] : stream.getAudioTracks()[0];
    if (!track) continue;
    if (!transceiver.sender.track) {
      transceiver.sender.setStreams?.(stream);
      await transceiver.sender.replaceTrack(track);
    }
    transceiver.direction = kind === 'video' ? 'sendonly' : 'sendrecv';
  }
}

export interface AlexaAnswer {
  sdp: string;
  /** Whether gathering finished before the deadline (false: answered with what was there). */
  gatheringComplete: boolean;
  elapsedMs: number;
}

/**
 * Answers an offer from a peer that does not trickle (Alexa): the H.264 fmtp is made explicit
 * before the browser reads the offer, candidates are gathered up to a deadline, and the answer
 * goes out once with every candidate and `a=end-of-candidates`.
 */
export async function answerWithoutTrickle(pc: RTCPeerConnection, offerSdp: string, stream: MediaStream, deadlineMs = ALEXA_GATHER_DEADLINE_MS): Promise<AlexaAnswer> {
  const started = performance.now();
  await pc.setRemoteDescription({ type: 'offer', sdp: addMissingH264Fmtp(offerSdp) });
  await attachLocalTracks(pc, stream);
  await pc.setLocalDescription(await pc.createAnswer());
  const remaining = Math.max(0, deadlineMs - (performance.now() - started));
  const { complete } = await gatheringDone(pc, remaining);
  const sdp = finalizeNonTrickleAnswer(pc.localDescription?.sdp ?? '');
  return { sdp, gatheringComplete: complete, elapsedMs: Math.round(performance.now() - started) };
}

/** Answers an ordinary viewer at once; candidates follow through `onicecandidate` (trickle). */
export async function answerWithTrickle(pc: RTCPeerConnection, offer: RTCSessionDescriptionInit, stream: MediaStream): Promise<string> {
  await pc.setRemoteDescription({ type: 'offer', sdp: addMissingH264Fmtp(offer.sdp ?? '') });
  await attachLocalTracks(pc, stream);
  const answer = await pc.createAnswer();
  await pc.setLocalDescription(answer);
  return pc.localDescription?.sdp ?? answer.sdp ?? '';
}
