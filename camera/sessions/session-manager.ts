import { applySenderLimits } from '../media/local-media.js';
import { parseCandidate, type CandidateTypeCounts } from '../sdp/candidates.js';
import type { DroppedCandidate } from '../sdp/fit-answer.js';
import { offerSupportsTrickle } from '../sdp/trickle.js';
import { isAlexaClientId } from '../../contracts/kvs/alexa-offer.js';
import { answerComplete } from './complete-answer.js';
import { GATHER_DEADLINE_MS } from './gathering.js';
import { PeerConnectionPool } from './peer-pool.js';
import { StatsSampler, type SessionStats } from './session-stats.js';
import { answerTrickle } from './trickle-answer.js';

export const MAX_VIEWERS = 10;
/** A connection 'disconnected' this long is treated as gone (ICE may still recover before). */
const DISCONNECTED_GRACE_MS = 10_000;

/** A label for people and logs only, from the sender's id (`alexa.`, contracts/kvs/alexa-offer.ts); the offer decides how it is answered. */
export type SessionKind = 'alexa' | 'viewer';

/** How an offer was answered: what the page shows and logs for each session. */
export interface AnswerSummary {
  /** `complete`: one answer with every candidate (the offer has no trickle); `trickle`: candidates follow one by one. */
  mode: 'complete' | 'trickle';
  /** Offer in to answer out. */
  ms: number;
  /** Complete answers: whether gathering finished before the deadline. */
  gatheringComplete?: boolean;
  /** The candidates the answer carried (complete) or that were trickled so far, by type. */
  candidates: CandidateTypeCounts;
  /** Complete answers: characters of the payload KVS got (at most 10,000). */
  payloadChars?: number;
  /** Complete answers: candidates left out, and why. */
  dropped: DroppedCandidate[];
}

export interface SessionInfo {
  clientId: string;
  kind: SessionKind;
  state: RTCPeerConnectionState | 'answering';
  startedAt: number;
  stats?: SessionStats;
  answer?: AnswerSummary;
}

/** How answers and candidates leave the page (the signaling connection); false when it is down. */
export interface SessionTransport {
  sendAnswer(answer: RTCSessionDescriptionInit, clientId: string): boolean;
  sendCandidate(candidate: RTCIceCandidate, clientId: string): boolean;
}

export interface SessionManagerOptions {
  transport: SessionTransport;
  /** The camera's stream (shared by all sessions). */
  stream: () => MediaStream;
  maxViewers?: number;
  /** How long a complete answer may wait for gathering (default GATHER_DEADLINE_MS). */
  gatherDeadlineMs?: number;
  pool?: PeerConnectionPool;
  onChange?: (sessions: SessionInfo[]) => void;
  /** Once per answer sent, e.g. to log what it carried and what was dropped. */
  onAnswer?: (clientId: string, answer: AnswerSummary) => void;
  /** A remote audio track to play (Alexa's voice, a viewer talking back). */
  onRemoteAudio?: (clientId: string, stream: MediaStream | undefined) => void;
  onRejected?: (clientId: string, reason: string) => void;
}

interface Session {
  info: SessionInfo;
  pc: RTCPeerConnection;
  pendingCandidates: RTCIceCandidateInit[];
  remoteDescriptionSet: boolean;
  sampler: StatsSampler;
  disconnectTimer?: ReturnType<typeof setTimeout>;
}

/**
 * One peer connection per remote client id. A new offer from the same client replaces its old
 * session; other sessions are never touched, so a second Alexa session does not cut the first.
 */
export class SessionManager {
  private readonly sessions = new Map<string, Session>();
  readonly pool: PeerConnectionPool;

  constructor(private readonly options: SessionManagerOptions) {
    this.pool = options.pool ?? new PeerConnectionPool();
  }

  list(): SessionInfo[] {
    return [...this.sessions.values()].map((s) => ({ ...s.info, ...(s.info.answer ? { answer: { ...s.info.answer, candidates: { ...s.info.answer.candidates } } } : {}) }));
  }

  private changed(): void {
    this.options.onChange?.(this.list());
  }

  async handleOffer(offer: RTCSessionDescriptionInit, senderClientId: string | undefined): Promise<void> {
    const clientId = senderClientId ?? 'unknown';
    const kind: SessionKind = isAlexaClientId(clientId) ? 'alexa' : 'viewer';
    this.close(clientId);
    const viewers = [...this.sessions.values()].filter((s) => s.info.kind === 'viewer').length;
    if (kind === 'viewer' && viewers >= (this.options.maxViewers ?? MAX_VIEWERS)) {
      this.options.onRejected?.(clientId, `already ${viewers} viewers watching`);
      return;
    }
    const pc = this.pool.take();
    const session: Session = {
      info: { clientId, kind, state: 'answering', startedAt: Date.now() },
      pc,
      pendingCandidates: [],
      remoteDescriptionSet: false,
      sampler: new StatsSampler(),
    };
    this.sessions.set(clientId, session);
    this.watch(session);
    this.changed();
    try {
      const offerSdp = offer.sdp ?? '';
      if (!offerSupportsTrickle(offerSdp)) {
        const answer = await answerComplete(pc, offerSdp, this.options.stream(), this.options.gatherDeadlineMs ?? GATHER_DEADLINE_MS);
        if (this.sessions.get(clientId) !== session) return;
        session.info.answer = {
          mode: 'complete',
          ms: answer.elapsedMs,
          gatheringComplete: answer.gatheringComplete,
          candidates: answer.candidates,
          payloadChars: answer.payloadChars,
          dropped: answer.dropped,
        };
        this.options.transport.sendAnswer({ type: 'answer', sdp: answer.sdp }, clientId);
      } else {
        const started = performance.now();
        const summary: AnswerSummary = { mode: 'trickle', ms: 0, candidates: { host: 0, srflx: 0, prflx: 0, relay: 0 }, dropped: [] };
        pc.addEventListener('icecandidate', (e) => {
          if (!e.candidate?.candidate) return;
          const type = parseCandidate(e.candidate.candidate)?.type;
          if (type) summary.candidates[type] += 1;
          this.options.transport.sendCandidate(e.candidate, clientId);
        });
        const sdp = await answerTrickle(pc, offerSdp, this.options.stream());
        if (this.sessions.get(clientId) !== session) return;
        summary.ms = Math.round(performance.now() - started);
        session.info.answer = summary;
        this.options.transport.sendAnswer({ type: 'answer', sdp }, clientId);
      }
      this.options.onAnswer?.(clientId, session.info.answer);
      session.remoteDescriptionSet = true;
      this.watchHangUp(session);
      for (const c of session.pendingCandidates.splice(0)) await pc.addIceCandidate(c).catch(() => undefined);
      for (const sender of pc.getSenders()) await applySenderLimits(sender);
      session.info.state = pc.connectionState;
      this.changed();
    } catch (error) {
      // A session closed or replaced by a newer offer meanwhile fails on its closed connection:
      // expected, and closing by client id now would end the newer session instead.
      if (this.sessions.get(clientId) !== session) return;
      this.options.onRejected?.(clientId, `could not answer: ${(error as Error).message}`);
      this.close(clientId);
    } finally {
      this.pool.refill();
    }
  }

  /** Trickled candidates from a viewer; held until its offer has been applied. */
  async handleCandidate(candidate: RTCIceCandidateInit, senderClientId: string | undefined): Promise<void> {
    const session = this.sessions.get(senderClientId ?? 'unknown');
    if (!session) return;
    if (!session.remoteDescriptionSet) session.pendingCandidates.push(candidate);
    else await session.pc.addIceCandidate(candidate).catch(() => undefined);
  }

  private watch(session: Session): void {
    const { pc, info } = session;
    pc.addEventListener('track', (e) => {
      if (e.track.kind === 'audio') this.options.onRemoteAudio?.(info.clientId, e.streams[0] ?? new MediaStream([e.track]));
    });
    pc.addEventListener('connectionstatechange', () => {
      if (this.sessions.get(info.clientId) !== session) return;
      info.state = pc.connectionState;
      clearTimeout(session.disconnectTimer);
      if (pc.connectionState === 'failed' || pc.connectionState === 'closed') this.close(info.clientId);
      else if (pc.connectionState === 'disconnected') session.disconnectTimer = setTimeout(() => this.close(info.clientId), DISCONNECTED_GRACE_MS);
      this.changed();
    });
  }

  /**
   * A peer that hangs up closes its DTLS transport (close_notify), which this side sees at once;
   * ICE would only call the connection 'disconnected' seconds later and 'failed' after the grace.
   */
  private watchHangUp(session: Session): void {
    const transport = session.pc.getTransceivers().find((t) => t.sender.transport)?.sender.transport;
    transport?.addEventListener('statechange', () => {
      if (transport.state === 'closed' && this.sessions.get(session.info.clientId) === session) this.close(session.info.clientId);
    });
  }

  /** Swaps a track in every session after a device change. */
  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack): Promise<void> {
    for (const s of this.sessions.values()) {
      for (const sender of s.pc.getSenders()) if (sender.track?.kind === kind) await sender.replaceTrack(track).catch(() => undefined);
    }
  }

  async sampleStats(): Promise<SessionInfo[]> {
    await Promise.all(
      [...this.sessions.values()].map(async (s) => {
        s.info.stats = await s.sampler.sample(s.pc).catch(() => s.info.stats);
      }),
    );
    this.changed();
    return this.list();
  }

  close(clientId: string): void {
    const session = this.sessions.get(clientId);
    if (!session) return;
    this.sessions.delete(clientId);
    clearTimeout(session.disconnectTimer);
    session.pc.close();
    this.options.onRemoteAudio?.(clientId, undefined);
    this.changed();
  }

  closeAll(): void {
    for (const id of [...this.sessions.keys()]) this.close(id);
    this.pool.close();
  }
}
