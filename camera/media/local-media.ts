/** What an Echo Show copes with: at most 1280x720, 15-30 fps. */
export const VIDEO_CONSTRAINTS: MediaTrackConstraints = {
  width: { ideal: 1280, max: 1280 },
  height: { ideal: 720, max: 720 },
  frameRate: { ideal: 30, max: 30 },
};

export const AUDIO_CONSTRAINTS: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
};

/** Sender limits applied to every outgoing video; frame rate is kept over resolution on a poor link. */
export const VIDEO_SENDER_LIMITS = { maxBitrate: 1_500_000, maxFramerate: 30, degradationPreference: 'maintain-framerate' as const };
export const AUDIO_SENDER_LIMITS = { maxBitrate: 64_000 };

export class MediaAccessError extends Error {
  override name = 'MediaAccessError';
  constructor(
    message: string,
    readonly kind: 'permission' | 'no-device' | 'busy' | 'other',
  ) {
    super(message);
  }
}

export function explainMediaError(error: unknown): MediaAccessError {
  const name = (error as { name?: string })?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return new MediaAccessError('The browser has no permission to use the camera and microphone. Allow them for this page (the camera icon in the address bar) and reload.', 'permission');
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') {
    return new MediaAccessError('No camera or microphone was found. Plug one in and reload.', 'no-device');
  }
  if (name === 'NotReadableError' || name === 'AbortError') {
    return new MediaAccessError('The camera or microphone is in use by another program. Close it and reload.', 'busy');
  }
  return new MediaAccessError(`The camera could not be started: ${String((error as Error)?.message ?? error)}`, 'other');
}

/**
 * The webcam and microphone: one stream shared by every session (each peer connection sends the
 * same tracks), device switching that swaps tracks in place, and mute.
 */
export class LocalMedia {
  private stream: MediaStream | undefined;
  private muted = false;
  private readonly listeners = new Set<(kind: 'audio' | 'video', track: MediaStreamTrack) => void>();

  constructor(private readonly mediaDevices: MediaDevices = navigator.mediaDevices) {}

  async start(): Promise<MediaStream> {
    try {
      this.stream = await this.mediaDevices.getUserMedia({ video: VIDEO_CONSTRAINTS, audio: AUDIO_CONSTRAINTS });
    } catch (error) {
      throw explainMediaError(error);
    }
    this.applyMute();
    return this.stream;
  }

  get mediaStream(): MediaStream {
    if (!this.stream) throw new Error('LocalMedia.start() has not completed');
    return this.stream;
  }

  track(kind: 'audio' | 'video'): MediaStreamTrack | undefined {
    return kind === 'audio' ? this.stream?.getAudioTracks()[0] : this.stream?.getVideoTracks()[0];
  }

  /** Called with the new track when a device switch replaced it, so senders can swap. */
  onTrackReplaced(listener: (kind: 'audio' | 'video', track: MediaStreamTrack) => void): void {
    this.listeners.add(listener);
  }

  async switchDevice(kind: 'audio' | 'video', deviceId: string): Promise<void> {
    const constraints = kind === 'video' ? { video: { ...VIDEO_CONSTRAINTS, deviceId: { exact: deviceId } } } : { audio: { ...AUDIO_CONSTRAINTS, deviceId: { exact: deviceId } } };
    let fresh: MediaStream;
    try {
      fresh = await this.mediaDevices.getUserMedia(constraints);
    } catch (error) {
      throw explainMediaError(error);
    }
    const track = kind === 'video' ? fresh.getVideoTracks()[0] : fresh.getAudioTracks()[0];
    if (!track || !this.stream) return;
    const old = this.track(kind);
    if (old) {
      this.stream.removeTrack(old);
      old.stop();
    }
    this.stream.addTrack(track);
    this.applyMute();
    for (const listener of this.listeners) listener(kind, track);
  }

  async listDevices(): Promise<{ cameras: MediaDeviceInfo[]; microphones: MediaDeviceInfo[] }> {
    const all = await this.mediaDevices.enumerateDevices();
    return { cameras: all.filter((d) => d.kind === 'videoinput'), microphones: all.filter((d) => d.kind === 'audioinput') };
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    this.applyMute();
  }

  private applyMute(): void {
    for (const t of this.stream?.getAudioTracks() ?? []) t.enabled = !this.muted;
  }
}

/** Caps a sender; called after negotiation, when the sender has its encodings. */
export async function applySenderLimits(sender: RTCRtpSender): Promise<void> {
  const kind = sender.track?.kind;
  if (!kind) return;
  const params = sender.getParameters();
  if (!params.encodings?.length) params.encodings = [{}];
  for (const encoding of params.encodings) {
    if (kind === 'video') {
      encoding.maxBitrate = VIDEO_SENDER_LIMITS.maxBitrate;
      encoding.maxFramerate = VIDEO_SENDER_LIMITS.maxFramerate;
    } else {
      encoding.maxBitrate = AUDIO_SENDER_LIMITS.maxBitrate;
    }
  }
  if (kind === 'video') (params as RTCRtpSendParameters & { degradationPreference?: string }).degradationPreference = VIDEO_SENDER_LIMITS.degradationPreference;
  try {
    await sender.setParameters(params);
  } catch {
    // Older browsers reject degradationPreference; the bitrate and frame-rate caps matter more.
    delete (params as { degradationPreference?: string }).degradationPreference;
    await sender.setParameters(params).catch(() => undefined);
  }
}
