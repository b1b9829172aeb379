/** Candidates gathered ahead of an offer; one is enough for a max-bundle connection. */
export const ICE_CANDIDATE_POOL_SIZE = 1;

/**
 * Keeps one peer connection ready before an offer arrives: created with the current ICE servers and
 * `iceCandidatePoolSize`, so that its certificate exists and its pool has reached the STUN and TURN
 * servers (names resolved, credentials tried) before the offer comes. Chromium 156 does not give an
 * answer the pooled candidates, though: it drops the pool when the answer is set and gathers anew,
 * a second TURN allocation included (camera-page.test.ts checks this at the local coturn), so the
 * answer still allocates its relays itself, inside the gathering deadline. Taking the spare starts
 * the next. The spare is rebuilt when the ICE servers change, because its pool used the old ones.
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
