/** Candidates gathered ahead of an offer; one is enough for a max-bundle connection. */
export const ICE_CANDIDATE_POOL_SIZE = 1;

/**
 * Keeps one peer connection ready, created ahead of time with `iceCandidatePoolSize` so that its
 * candidates are already gathering (or gathered) when an offer arrives. Taking it starts the next.
 * The spare is rebuilt when the ICE servers change, because its pool was gathered with the old ones.
 */
export class PeerConnectionPool {
  private spare: RTCPeerConnection | undefined;
  private iceServers: RTCIceServer[] = [];
  private closed = false;

  constructor(private readonly create: (config: RTCConfiguration) => RTCPeerConnection = (c) => new RTCPeerConnection(c)) {}

  configuration(): RTCConfiguration {
    return { iceServers: this.iceServers, iceCandidatePoolSize: ICE_CANDIDATE_POOL_SIZE, bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' };
  }

  setIceServers(servers: RTCIceServer[]): void {
    this.iceServers = servers;
    this.spare?.close();
    this.spare = undefined;
    this.fill();
  }

  /** The spare (or a fresh connection); call {@link refill} once the offer is answered. */
  take(): RTCPeerConnection {
    const pc = this.spare ?? this.create(this.configuration());
    this.spare = undefined;
    return pc;
  }

  /** Starts the next spare; done after an answer so that its gathering does not compete. */
  refill(): void {
    this.fill();
  }

  private fill(): void {
    if (!this.closed && !this.spare) this.spare = this.create(this.configuration());
  }

  close(): void {
    this.closed = true;
    this.spare?.close();
    this.spare = undefined;
  }
}
