/** Alexa gives the whole exchange about 6 s; gathering for a complete answer may use at most this much of it. */
export const GATHER_DEADLINE_MS = 1_800;

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
