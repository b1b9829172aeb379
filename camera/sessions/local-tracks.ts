/**
 * Puts the camera's tracks on the transceivers the offer created: video goes out sendonly
 * whatever the offer says, audio both ways.
 */
export async function attachLocalTracks(pc: RTCPeerConnection, stream: MediaStream): Promise<void> {
  for (const transceiver of pc.getTransceivers()) {
    const kind = transceiver.receiver.track.kind as 'audio' | 'video';
    const track = kind === 'video' ? stream.getVideoTracks()[0] : stream.getAudioTracks()[0];
    if (!track) continue;
    if (!transceiver.sender.track) {
      transceiver.sender.setStreams?.(stream);
      await transceiver.sender.replaceTrack(track);
    }
    transceiver.direction = kind === 'video' ? 'sendonly' : 'sendrecv';
  }
}
