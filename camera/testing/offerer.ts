import type { Page } from 'playwright-core';

/**
 * An Echo-Show-like offerer running in a Chromium page: audio sendrecv (the fake microphone)
 * plus video recvonly, full ICE gathering before the offer leaves (no trickle), and counters of
 * what it receives. Several can live in one page, each under its own id.
 */
export interface OffererCounters {
  connectionState: string;
  framesDecoded: number;
  /** Frames a <video> element played (getVideoPlaybackQuality), i.e. decoded video that reached a player. */
  framesPlayed: number;
  frameWidth?: number;
  frameHeight?: number;
  audioPacketsReceived: number;
  audioSamplesReceived: number;
  audioPacketsSent: number;
  /** Level (0..1) of the audio received: silence when the camera is muted. */
  audioLevel: number;
  videoCodec?: string;
  audioCodec?: string;
}

/** Creates the peer connection and returns its fully gathered offer (Chromium's own shape). */
export async function createOffererOffer(page: Page, id: string): Promise<string> {
  return page.evaluate(async (id) => {
    const w = window as unknown as { offerers?: Record<string, { pc: RTCPeerConnection; video?: HTMLVideoElement }> };
    w.offerers ??= {};
    const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
    const pc = new RTCPeerConnection();
    pc.addTransceiver(mic.getAudioTracks()[0]!, { direction: 'sendrecv' });
    pc.addTransceiver('video', { direction: 'recvonly' });
    const entry: { pc: RTCPeerConnection; video?: HTMLVideoElement } = { pc };
    w.offerers[id] = entry;
    pc.addEventListener('track', (e) => {
      const el = document.createElement(e.track.kind === 'video' ? 'video' : 'audio') as HTMLVideoElement;
      el.autoplay = true;
      el.muted = e.track.kind === 'video';
      el.dataset.offerer = id;
      el.srcObject = new MediaStream([e.track]);
      document.body.append(el);
      if (e.track.kind === 'video') entry.video = el;
    });
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
    });
    return pc.localDescription!.sdp;
  }, id);
}

export async function applyOffererAnswer(page: Page, id: string, sdp: string): Promise<void> {
  await page.evaluate(
    async ({ id, sdp }) => {
      const w = window as unknown as { offerers: Record<string, { pc: RTCPeerConnection }> };
      await w.offerers[id]!.pc.setRemoteDescription({ type: 'answer', sdp });
    },
    { id, sdp },
  );
}

export async function offererCounters(page: Page, id: string): Promise<OffererCounters> {
  return page.evaluate(async (id) => {
    const w = window as unknown as { offerers: Record<string, { pc: RTCPeerConnection; video?: HTMLVideoElement }> };
    const { pc, video } = w.offerers[id]!;
    const framesPlayed = video?.getVideoPlaybackQuality().totalVideoFrames ?? 0;
    const out: OffererCounters = { connectionState: pc.connectionState, framesDecoded: 0, framesPlayed, audioPacketsReceived: 0, audioSamplesReceived: 0, audioPacketsSent: 0, audioLevel: 0 };
    const report = await pc.getStats();
    const codecs = new Map<string, string>();
    report.forEach((s) => s.type === 'codec' && codecs.set(s.id, `${s.mimeType}${s.sdpFmtpLine ? ` ${s.sdpFmtpLine}` : ''}`));
    report.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        out.framesDecoded += s.framesDecoded ?? 0;
        out.frameWidth = s.frameWidth;
        out.frameHeight = s.frameHeight;
        out.videoCodec = codecs.get(s.codecId);
      }
      if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        out.audioPacketsReceived += s.packetsReceived ?? 0;
        out.audioSamplesReceived += s.totalSamplesReceived ?? 0;
        out.audioLevel = Math.max(out.audioLevel, s.audioLevel ?? 0);
        out.audioCodec = codecs.get(s.codecId);
      }
      if (s.type === 'outbound-rtp' && s.kind === 'audio') out.audioPacketsSent += s.packetsSent ?? 0;
    });
    return out;
  }, id);
}

export async function closeOfferer(page: Page, id: string): Promise<void> {
  await page.evaluate((id) => {
    const w = window as unknown as { offerers: Record<string, { pc: RTCPeerConnection }> };
    w.offerers[id]?.pc.close();
    delete w.offerers[id];
  }, id);
}
