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
  /** The candidate pair ICE selected: each end's type, and how the camera reaches its TURN server when it relays. */
  path?: { local: string; remote: string; relayProtocol?: string };
}

interface Sample {
  at: number;
  bytes: Map<string, number>;
}

/** The selected candidate pair of a getStats() report, by the transport's selectedCandidatePairId. */
function selectedPath(stats: Map<string, Record<string, unknown>>): SessionStats['path'] {
  for (const s of stats.values()) {
    if (s.type !== 'transport' || typeof s.selectedCandidatePairId !== 'string') continue;
    const pair = stats.get(s.selectedCandidatePairId);
    const local = stats.get(String(pair?.localCandidateId));
    const remote = stats.get(String(pair?.remoteCandidateId));
    if (!local || !remote) continue;
    return {
      local: String(local.candidateType),
      remote: String(remote.candidateType),
      ...(typeof local.relayProtocol === 'string' ? { relayProtocol: local.relayProtocol } : {}),
    };
  }
  return undefined;
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
    const byId = new Map<string, Record<string, unknown>>();
    report.forEach((s: Record<string, unknown> & { type: string; id: string }) => {
      byId.set(s.id, s);
      if (s.type === 'codec') codecs.set(s.id, `${String(s.mimeType)}${s.sdpFmtpLine ? ` ${String(s.sdpFmtpLine)}` : ''}`);
    });
    const path = selectedPath(byId);
    if (path) out.path = path;
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
