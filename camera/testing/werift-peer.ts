/**
 * A WebRTC peer that is not a browser: werift, in the test process, offering the way an Echo Show
 * does. Its offer goes through the one Echo Show reshaper (contracts/sdp/echo-show-offer.ts), so it
 * has the recorded offer's shape (camera/sdp/fixtures/echo-show-offer.sdp): BUNDLE `audio0 video0`,
 * audio `96 0 8`, one H.264 on 99 without fmtp, video sendrecv, every candidate inline, no trickle.
 * Or, as a trickle offerer, werift's own offer. It sends audio (opus silence frames, or a 440 Hz
 * G.711 tone) and counts what it receives, RTP packet by RTP packet.
 */
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, RtpPacket, type RTCRtpTransceiver } from 'werift';
import { reshapeAsEchoShowOffer, type EchoShowOffer } from '../../contracts/sdp/echo-show-offer.js';
import { decodeALaw, decodeMuLaw, encodeALaw, encodeMuLaw } from './g711.js';

/** Audio codecs offered, in this order (the reshaper lists opus first when there is one). */
export type OfferedAudio = 'opus-pcmu-pcma' | 'pcmu-pcma';

export interface WeriftPeerOptions {
  audio?: OfferedAudio;
  iceServers?: { urls: string; username?: string; credential?: string }[];
  /** Only relayed candidates (iceTransportPolicy relay): every packet goes through the TURN server. */
  relayOnly?: boolean;
}

export interface ReceivedRtp {
  packets: number;
  payloadTypes: number[];
  /** Video: H.264 FU-A fragments (NAL type 28), which only packetization-mode 1 sends. */
  fuA: number;
  /** G.711 audio: the loudest decoded sample (0..1), to tell sound from silence. */
  peak: number;
}

const AUDIO_CODECS: Record<OfferedAudio, RTCRtpCodecParameters[]> = {
  'opus-pcmu-pcma': [
    new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: 96, parameters: 'minptime=10;useinbandfec=1' }),
    new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: 0 }),
    new RTCRtpCodecParameters({ mimeType: 'audio/PCMA', clockRate: 8000, channels: 1, payloadType: 8 }),
  ],
  'pcmu-pcma': [
    new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: 0 }),
    new RTCRtpCodecParameters({ mimeType: 'audio/PCMA', clockRate: 8000, channels: 1, payloadType: 8 }),
  ],
};
// The reshaper keeps the constrained-baseline, packetization-mode 1 H.264 and then drops its fmtp, as the Echo Show offers it.
const H264 = new RTCRtpCodecParameters({
  mimeType: 'video/H264', clockRate: 90000, payloadType: 99, parameters: 'packetization-mode=1;profile-level-id=42e01f',
  rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }],
});

/** An opus frame of 20 ms of silence (TOC 0xF8: CELT, full band, 20 ms, one frame). */
const OPUS_SILENCE = Buffer.from([0xf8, 0xff, 0xfe]);

export class WeriftPeer {
  readonly pc: RTCPeerConnection;
  private readonly audioTrack = new MediaStreamTrack({ kind: 'audio' });
  private shaped: EchoShowOffer | undefined;
  private sender: ReturnType<typeof setInterval> | undefined;
  readonly received: { audio: ReceivedRtp; video: ReceivedRtp } = {
    audio: { packets: 0, payloadTypes: [], fuA: 0, peak: 0 },
    video: { packets: 0, payloadTypes: [], fuA: 0, peak: 0 },
  };

  constructor(options: WeriftPeerOptions = {}) {
    this.pc = new RTCPeerConnection({
      codecs: { audio: AUDIO_CODECS[options.audio ?? 'opus-pcmu-pcma'], video: [H264] },
      headerExtensions: { audio: [], video: [] },
      bundlePolicy: 'max-bundle',
      iceServers: options.iceServers ?? [],
      iceTransportPolicy: options.relayOnly ? 'relay' : 'all',
      // werift leaves loopback out unless told; the tests have nothing else.
      iceAdditionalHostAddresses: ['127.0.0.1'],
      iceUseIpv6: false,
    });
    this.pc.addTransceiver(this.audioTrack, { direction: 'sendrecv' });
    this.pc.addTransceiver('video', { direction: 'recvonly' });
    this.pc.onTrack.subscribe((track) => {
      const counts = track.kind === 'video' ? this.received.video : this.received.audio;
      track.onReceiveRtp.subscribe((rtp) => this.count(counts, track.kind, rtp));
    });
  }

  private count(counts: ReceivedRtp, kind: string, rtp: RtpPacket): void {
    counts.packets += 1;
    const pt = rtp.header.payloadType;
    if (!counts.payloadTypes.includes(pt)) counts.payloadTypes.push(pt);
    if (kind === 'video' && ((rtp.payload[0] ?? 0) & 0x1f) === 28) counts.fuA += 1;
    if (kind === 'audio' && (pt === 0 || pt === 8)) {
      for (const byte of rtp.payload) counts.peak = Math.max(counts.peak, Math.abs(pt === 0 ? decodeMuLaw(byte) : decodeALaw(byte)) / 32768);
    }
  }

  /** Gathers every candidate, then the offer: Echo-Show-shaped, or (trickle) werift's own with a=ice-options:trickle. */
  async offer(shape: 'echo-show' | 'trickle' = 'echo-show'): Promise<string> {
    // werift's setLocalDescription resolves once gathering is done: every candidate is in the offer.
    await this.pc.setLocalDescription(await this.pc.createOffer());
    const own = this.pc.localDescription!.sdp;
    if (shape === 'trickle') return own;
    this.shaped = reshapeAsEchoShowOffer(own);
    return this.shaped.sdp;
  }

  async applyAnswer(sdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'answer', sdp: this.shaped ? this.shaped.restoreAnswer(sdp) : sdp });
    this.startSending();
  }

  async addCandidate(candidate: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null }): Promise<void> {
    const { candidate: text, sdpMid, sdpMLineIndex } = candidate;
    // Trickled candidates name the camera's mids, which are the offer's own here (no reshaping when trickling).
    await this.pc.addIceCandidate({ candidate: text, ...(sdpMid != null ? { sdpMid } : {}), ...(sdpMLineIndex != null ? { sdpMLineIndex } : {}) });
  }

  /** The negotiated audio codec's mime type, once the answer is applied. */
  audioCodec(): string | undefined {
    return this.audioTransceiver()?.sender.codec?.mimeType;
  }

  private audioTransceiver(): RTCRtpTransceiver | undefined {
    return this.pc.getTransceivers().find((t) => t.kind === 'audio');
  }

  /** 20 ms of audio every 20 ms in the negotiated codec: opus silence, or a 440 Hz tone at a third of full scale in G.711. */
  private startSending(): void {
    let sequenceNumber = 0;
    let timestamp = 0;
    let phase = 0;
    this.sender = setInterval(() => {
      const mime = this.audioCodec()?.toLowerCase();
      if (!mime) return;
      const g711 = mime === 'audio/pcmu' || mime === 'audio/pcma';
      let payload = OPUS_SILENCE;
      if (g711) {
        payload = Buffer.alloc(160);
        for (let i = 0; i < 160; i++, phase++) {
          const sample = Math.round(Math.sin((2 * Math.PI * 440 * phase) / 8000) * 11000);
          payload[i] = mime === 'audio/pcmu' ? encodeMuLaw(sample) : encodeALaw(sample);
        }
      }
      const header = new RtpHeader({ sequenceNumber: sequenceNumber++ & 0xffff, timestamp: timestamp >>> 0, marker: false });
      timestamp += g711 ? 160 : 960;
      this.audioTrack.writeRtp(new RtpPacket(header, payload));
    }, 20);
  }

  connectionState(): string {
    return this.pc.connectionState;
  }

  async close(): Promise<void> {
    clearInterval(this.sender);
    await this.pc.close();
  }
}
