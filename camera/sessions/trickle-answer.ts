import { preferAudioCodecsOn } from '../media/codec-preferences.js';
import { addMissingH264Fmtp } from '../sdp/h264-offer.js';
import { attachLocalTracks } from './local-tracks.js';

/**
 * Answers an offer that announces trickle (a browser's) at once; the candidates follow through
 * `onicecandidate`, which the caller listens to before calling this.
 */
export async function answerTrickle(pc: RTCPeerConnection, offerSdp: string, stream: MediaStream): Promise<string> {
  await pc.setRemoteDescription({ type: 'offer', sdp: addMissingH264Fmtp(offerSdp) });
  await attachLocalTracks(pc, stream);
  preferAudioCodecsOn(pc);
  const answer = await pc.createAnswer();
  await pc.setLocalDescription(answer);
  return pc.localDescription?.sdp ?? answer.sdp ?? '';
}
