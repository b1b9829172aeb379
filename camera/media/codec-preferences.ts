/**
 * The audio codecs the camera prefers, best first: opus (wideband, in-band FEC, what the Echo Show
 * lists first), then G.711 µ-law and A-law, which every Alexa device and SIP gateway speaks. The
 * answer follows the camera's order whatever order the offer lists them in.
 */
export const AUDIO_CODEC_ORDER = ['audio/opus', 'audio/PCMU', 'audio/PCMA'] as const;

/** The codecs reordered by {@link AUDIO_CODEC_ORDER}; the rest (CN, telephone-event, RED...) follow in their own order. */
export function preferAudioCodecs<T extends { mimeType: string }>(codecs: readonly T[]): T[] {
  const rank = (c: T) => {
    const at = AUDIO_CODEC_ORDER.findIndex((m) => m.toLowerCase() === c.mimeType.toLowerCase());
    return at < 0 ? AUDIO_CODEC_ORDER.length : at;
  };
  return codecs.map((c, i) => ({ c, i })).sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i).map(({ c }) => c);
}

/**
 * Applies the order to every audio transceiver of a connection whose remote offer is set, before
 * createAnswer. An offer without opus (G.711 only) still gets an answer: the answer holds the
 * codecs both sides have, in this order.
 */
export function preferAudioCodecsOn(pc: RTCPeerConnection): void {
  const capabilities = RTCRtpReceiver.getCapabilities?.('audio')?.codecs;
  if (!capabilities) return;
  for (const transceiver of pc.getTransceivers()) {
    if (transceiver.receiver.track.kind !== 'audio' || !transceiver.setCodecPreferences) continue;
    transceiver.setCodecPreferences(preferAudioCodecs(capabilities));
  }
}
