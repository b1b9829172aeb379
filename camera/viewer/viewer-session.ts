import type { SignalingConnection } from '../signaling/signaling-connection.js';

export interface ViewerSessionOptions {
  signaling: SignalingConnection;
  iceServers: () => RTCIceServer[];
  /** The viewer's microphone for talk-back, when the browser allowed it. */
  microphone?: MediaStreamTrack;
  onTrack: (stream: MediaStream) => void;
  onState: (state: RTCPeerConnectionState) => void;
}

/**
 * One KVS viewer session: offer (audio both ways, video received), trickle ICE both ways, and
 * the remote candidates that arrive before the answer held until it is applied.
 */
export class ViewerSession {
  readonly pc: RTCPeerConnection;
  private readonly early: RTCIceCandidateInit[] = [];
  private answered = false;

  constructor(private readonly options: ViewerSessionOptions) {
    this.pc = new RTCPeerConnection({ iceServers: options.iceServers(), bundlePolicy: 'max-bundle' });
    const remote = new MediaStream();
    this.pc.addEventListener('track', (e) => {
      remote.addTrack(e.track);
      options.onTrack(remote);
    });
    this.pc.addEventListener('connectionstatechange', () => options.onState(this.pc.connectionState));
    this.pc.addEventListener('icecandidate', (e) => {
      if (e.candidate && e.candidate.candidate) options.signaling.sendCandidate(e.candidate);
    });
  }

  async start(): Promise<void> {
    const audio = this.pc.addTransceiver('audio', { direction: 'sendrecv' });
    if (this.options.microphone) await audio.sender.replaceTrack(this.options.microphone);
    this.pc.addTransceiver('video', { direction: 'recvonly' });
    await this.pc.setLocalDescription(await this.pc.createOffer());
    if (!this.options.signaling.sendOffer(this.pc.localDescription!.toJSON() as RTCSessionDescriptionInit)) throw new Error('signaling is not connected');
  }

  async acceptAnswer(answer: RTCSessionDescriptionInit): Promise<void> {
    if (this.answered || this.pc.signalingState !== 'have-local-offer') return;
    this.answered = true;
    await this.pc.setRemoteDescription(answer);
    for (const c of this.early.splice(0)) await this.pc.addIceCandidate(c).catch(() => undefined);
  }

  async addCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    if (!this.answered) this.early.push(candidate);
    else await this.pc.addIceCandidate(candidate).catch(() => undefined);
  }

  get isAnswered(): boolean {
    return this.answered;
  }

  get alive(): boolean {
    return !['failed', 'closed'].includes(this.pc.connectionState);
  }

  close(): void {
    this.pc.close();
  }
}
