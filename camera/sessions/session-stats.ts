export interface DirectionStats {
  kbps: number;
  width?: number;
  height?: number;
  framesPerSecond?: number;
}

export interface SessionStats {
  videoOut: DirectionStats;
  audioOut: DirectionStats;
  videoIn: DirectionStats;
  audioIn: DirectionStats;
  /** Cumulative counters for checks: frames decoded, audio packets received, frames encoded. */
  framesDecoded: number;
  framesEncoded: number;
  audioPacketsReceived: number;
  audioPacketsSent: number;
  /** Level (0..1) of the audio coming in, e.g. to tell talk from silence. */
  audioInLevel: number;
  videoCodec?: string;
  audioCodec?: string;
}

interface Sample {
  at: number;
  bytes: Map<string, number>;
}

/** Turns successive getStats() reports of one peer connection into rates and sizes, both directions. */
export class StatsSampler {
  private previous: Sample | undefined;

  async sample(pc: RTCPeerConnection): Promise<SessionStats> {
    const report = await pc.getStats();
    const now = performance.now();
    const bytes = new Map<string, number>();
    const out: SessionStats = {
      videoOut: { kbps: 0 }, audioOut: { kbps: 0 }, videoIn: { kbps: 0 }, audioIn: { kbps: 0 },
      framesDecoded: 0, framesEncoded: 0, audioPacketsReceived: 0, audioPacketsSent: 0, audioInLevel: 0,
    };
    const codecs = new Map<string, string>();
    report.forEach((s: Record<string, unknown> & { type: string; id: string }) => {
      if (s.type === 'codec') codecs.set(s.id, `${String(s.mimeType)}${s.sdpFmtpLine ? ` ${String(s.sdpFmtpLine)}` : ''}`);
    });
    report.forEach((s: Record<string, unknown> & { type: string; id: string }) => {
      if (s.type !== 'inbound-rtp' && s.type !== 'outbound-rtp') return;
      const inbound = s.type === 'inbound-rtp';
      const kind = s.kind as string;
      const count = Number(inbound ? s.bytesReceived : s.bytesSent) || 0;
      bytes.set(s.id, count);
      const before = this.previous?.bytes.get(s.id);
      const seconds = this.previous ? (now - this.previous.at) / 1000 : 0;
      const kbps = before !== undefined && seconds > 0 ? Math.max(0, Math.round(((count - before) * 8) / seconds / 1000)) : 0;
      const target = kind === 'video' ? (inbound ? out.videoIn : out.videoOut) : inbound ? out.audioIn : out.audioOut;
      target.kbps += kbps;
      if (kind === 'video') {
        if (typeof s.frameWidth === 'number') target.width = s.frameWidth;
        if (typeof s.frameHeight === 'number') target.height = s.frameHeight;
        if (typeof s.framesPerSecond === 'number') target.framesPerSecond = s.framesPerSecond;
        if (inbound) out.framesDecoded += Number(s.framesDecoded) || 0;
        else out.framesEncoded += Number(s.framesEncoded) || 0;
      } else if (inbound) {
        out.audioPacketsReceived += Number(s.packetsReceived) || 0;
        out.audioInLevel = Math.max(out.audioInLevel, Number(s.audioLevel) || 0);
      }
      else out.audioPacketsSent += Number(s.packetsSent) || 0;
      const codec = typeof s.codecId === 'string' ? codecs.get(s.codecId) : undefined;
      if (codec && kind === 'video' && !inbound) out.videoCodec = codec;
      if (codec && kind === 'audio' && !inbound) out.audioCodec = codec;
    });
    this.previous = { at: now, bytes };
    return out;
  }
}
