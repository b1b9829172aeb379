/**
 * One Echo Show session with a doorbell, made the way an Echo Show makes it: audio sendrecv
 * (Alexa's microphone, muted until the person talks), video receive-only, full ICE gathering
 * before the offer is sent (no trickle), the offer reshaped like the device's, and the
 * RTCSessionController lifecycle reported to the local Alexa (connected, disconnected).
 */
import { reshapeAsEchoShowOffer } from '../../../../contracts/sdp/echo-show-offer.js';
import type { AlexaApi } from './simulator-api.js';

/** An Echo Show gathers every candidate; bounded so a broken network cannot hang the page. */
const GATHERING_LIMIT_MS = 10_000;

export type CallState = 'starting' | 'connecting' | 'connected' | 'ended' | 'failed';

export interface CallStats {
  framesDecoded: number;
  framesPresented: number;
  frameWidth: number;
  frameHeight: number;
  audioPacketsReceived: number;
  audioEnergyReceived: number;
  audioPacketsSent: number;
  videoCodec: string;
}

export interface CallOptions {
  api: AlexaApi;
  endpointId: string;
  talking: boolean;
  video: HTMLVideoElement;
  audio: HTMLAudioElement;
  onState(state: CallState, detail?: string): void;
}

function preferCodecs(transceiver: RTCRtpTransceiver, kind: 'audio' | 'video'): void {
  const codecs = RTCRtpReceiver.getCapabilities(kind)?.codecs ?? [];
  const wanted =
    kind === 'video'
      ? codecs.filter((c) => c.mimeType === 'video/H264' && /packetization-mode=1/.test(c.sdpFmtpLine ?? '') && /profile-level-id=42e01f/i.test(c.sdpFmtpLine ?? ''))
      : ['audio/opus', 'audio/PCMU', 'audio/PCMA'].flatMap((m) => codecs.filter((c) => c.mimeType === m));
  if (wanted.length > 0) transceiver.setCodecPreferences(wanted);
}

function gatheringComplete(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, GATHERING_LIMIT_MS);
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

export class EchoShowCall {
  private readonly pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
  private mic: MediaStreamTrack | undefined;
  private sessionId: string | undefined;
  private ended = false;
  private presented = 0;

  private constructor(private readonly opts: CallOptions) {}

  static async start(opts: CallOptions): Promise<EchoShowCall> {
    const call = new EchoShowCall(opts);
    try {
      await call.connect();
    } catch (err) {
      // The caller explains a failed start to the person; no state report on top of that.
      call.end('failed', undefined, false);
      throw err;
    }
    return call;
  }

  get talking(): boolean {
    return this.mic?.enabled ?? false;
  }

  /** Tap to talk: Alexa's microphone on or off for the rest of the session. */
  setTalking(on: boolean): void {
    if (this.mic) this.mic.enabled = on;
  }

  hangUp(): void {
    this.end('ended');
  }

  async stats(): Promise<CallStats> {
    const s: CallStats = {
      framesDecoded: 0,
      framesPresented: this.presented,
      frameWidth: 0,
      frameHeight: 0,
      audioPacketsReceived: 0,
      audioEnergyReceived: 0,
      audioPacketsSent: 0,
      videoCodec: '',
    };
    if (this.pc.connectionState === 'closed') return s;
    const report = await this.pc.getStats();
    report.forEach((r: Record<string, unknown>) => {
      if (r.type === 'inbound-rtp' && r.kind === 'video') {
        s.framesDecoded = Number(r.framesDecoded ?? 0);
        s.frameWidth = Number(r.frameWidth ?? 0);
        s.frameHeight = Number(r.frameHeight ?? 0);
        const codec = report.get(String(r.codecId)) as { mimeType?: string } | undefined;
        s.videoCodec = codec?.mimeType ?? '';
      }
      if (r.type === 'inbound-rtp' && r.kind === 'audio') {
        s.audioPacketsReceived = Number(r.packetsReceived ?? 0);
        s.audioEnergyReceived = Number(r.totalAudioEnergy ?? 0);
      }
      if (r.type === 'outbound-rtp' && r.kind === 'audio') s.audioPacketsSent = Number(r.packetsSent ?? 0);
    });
    return s;
  }

  private async connect(): Promise<void> {
    const { api, endpointId, video, audio, onState } = this.opts;
    onState('starting');
    const micStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false }).catch(() => undefined);
    this.mic = micStream?.getAudioTracks()[0];
    if (this.mic) this.mic.enabled = this.opts.talking;

    const audioTx = this.mic
      ? this.pc.addTransceiver(this.mic, { direction: 'sendrecv', streams: micStream ? [micStream] : [] })
      : this.pc.addTransceiver('audio', { direction: 'sendrecv' });
    const videoTx = this.pc.addTransceiver('video', { direction: 'recvonly' });
    preferCodecs(audioTx, 'audio');
    preferCodecs(videoTx, 'video');

    this.pc.addEventListener('track', (e) => {
      if (e.track.kind === 'video') {
        video.srcObject = new MediaStream([e.track]);
        this.countPresentedFrames(video);
      } else {
        audio.srcObject = new MediaStream([e.track]);
      }
      void video.play().catch(() => undefined);
      void audio.play().catch(() => undefined);
    });
    this.pc.addEventListener('connectionstatechange', () => this.onConnectionState());

    await this.pc.setLocalDescription(await this.pc.createOffer());
    await gatheringComplete(this.pc);
    const offer = reshapeAsEchoShowOffer(this.pc.localDescription!.sdp);
    onState('connecting');
    const { sessionId, answer } = await api.startSession(endpointId, offer.sdp);
    this.sessionId = sessionId;
    if (this.ended) {
      void api.disconnected(sessionId).catch(() => undefined);
      return;
    }
    await this.pc.setRemoteDescription({ type: 'answer', sdp: offer.restoreAnswer(answer) });
  }

  private onConnectionState(): void {
    const state = this.pc.connectionState;
    if (state === 'connected' && this.sessionId) {
      this.opts.onState('connected');
      void this.opts.api.connected(this.sessionId).catch((err: Error) => this.opts.onState('connected', err.message));
    } else if (state === 'failed') {
      this.end('failed', 'The connection to the doorbell failed.');
    }
  }

  private countPresentedFrames(video: HTMLVideoElement): void {
    const tick = (): void => {
      if (this.ended) return;
      this.presented++;
      video.requestVideoFrameCallback(tick);
    };
    video.requestVideoFrameCallback(tick);
  }

  private end(state: 'ended' | 'failed', detail?: string, notify = true): void {
    if (this.ended) return;
    this.ended = true;
    this.pc.close();
    this.mic?.stop();
    this.opts.video.srcObject = null;
    this.opts.audio.srcObject = null;
    if (this.sessionId) void this.opts.api.disconnected(this.sessionId).catch(() => undefined);
    if (notify) this.opts.onState(state, detail);
  }
}
