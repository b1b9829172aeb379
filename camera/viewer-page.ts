import './browser-globals.js';
import { openPage } from './access/open-page.js';
import { keepAlive } from './alive/keep-alive.js';
import { ChannelAccess } from './kvs/channel-access.js';
import { signerFor } from './kvs/signer.js';
import { AUDIO_CONSTRAINTS, explainMediaError } from './media/local-media.js';
import { StatsSampler, type SessionStats } from './sessions/session-stats.js';
import { SignalingConnection, type SignalingState } from './signaling/signaling-connection.js';
import { AccessView } from './ui/access-view.js';
import { byId, showMessage } from './ui/dom.js';
import { describeSignaling, renderPill } from './ui/status-view.js';
import { ViewerSession } from './viewer/viewer-session.js';

/** After a failed session, wait this long before offering again. */
const RETRY_SESSION_MS = 2_000;
/** An offer nobody answered (the camera is not running yet) is repeated after this long. */
const ANSWER_TIMEOUT_MS = 8_000;

export interface ViewerPageHandle {
  doorbell: { endpointId: string; name: string };
  clientId: string;
  /** The current session's peer connection: a renewal of the credentials must not replace it. */
  peerConnection(): RTCPeerConnection | undefined;
  credentials(): { renewals: number; state: string };
  signalingState(): SignalingState;
  connectionState(): RTCPeerConnectionState | 'none';
  stats(): Promise<SessionStats | undefined>;
  talking(): boolean;
}

declare global {
  interface Window {
    doorbellViewer?: ViewerPageHandle;
    doorbellViewerError?: string;
  }
}

const errorBox = byId('error');
const fail = (message: string) => {
  showMessage(errorBox, message);
  window.doorbellViewerError = message;
};

async function microphone(): Promise<MediaStreamTrack | undefined> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: AUDIO_CONSTRAINTS });
    const track = stream.getAudioTracks()[0];
    if (track) track.enabled = false;
    return track;
  } catch (error) {
    showMessage(errorBox, `Talk-back is off: ${explainMediaError(error).message}`, 'warning');
    return undefined;
  }
}

async function main(): Promise<void> {
  const view = new AccessView({ pill: byId('credentials-state'), line: byId('device-line'), main: byId('viewer-main'), onProblem: fail });
  const opened = await openPage('viewer', view);
  if (!opened) return;
  const { access, keeper } = opened;
  byId('doorbell-name').textContent = `${access.name} — viewer`;
  document.title = `${access.name} — doorbell viewer`;
  const clientId = `viewer-${crypto.randomUUID()}`;
  const mic = await microphone();
  const video = byId<HTMLVideoElement>('remote');

  const channel = new ChannelAccess(access, 'VIEWER', { clientId });
  let session: ViewerSession | undefined;
  const sampler = new StatsSampler();
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const startSession = async () => {
    clearTimeout(retryTimer);
    session?.close();
    const current = new ViewerSession({
      signaling,
      iceServers: () => channel.iceServers(),
      ...(mic ? { microphone: mic } : {}),
      onTrack: (stream) => {
        if (video.srcObject !== stream) video.srcObject = stream;
        video.play().catch(() => (byId('enable-sound').hidden = false));
      },
      onState: (state) => {
        if (session !== current) return;
        renderPill(byId('session-state'), { text: `Video: ${state}`, tone: state === 'connected' ? 'ok' : state === 'failed' ? 'bad' : 'busy' });
        if (state === 'failed' || state === 'closed') retryTimer = setTimeout(() => signaling.currentState.kind === 'open' && void startSession(), RETRY_SESSION_MS);
      },
    });
    session = current;
    renderPill(byId('session-state'), { text: 'Video: calling the camera', tone: 'busy' });
    await current.start().catch((e: Error) => fail(`Could not call the doorbell: ${e.message}`));
    retryTimer = setTimeout(() => {
      if (session !== current || current.isAnswered) return;
      renderPill(byId('session-state'), { text: 'Video: the camera does not answer (is it running?); calling again', tone: 'bad' });
      if (signaling.currentState.kind === 'open') void startSession();
    }, ANSWER_TIMEOUT_MS);
  };

  const signaling: SignalingConnection = new SignalingConnection({
    channel: access,
    role: 'VIEWER',
    clientId,
    signer: (endpoint) => signerFor(endpoint, access),
    endpoint: () => channel.signalingEndpoint(),
    onAnswer: (answer) => void session?.acceptAnswer(answer),
    onCandidate: (candidate) => void session?.addCandidate(candidate),
    onIceServersStale: () => channel.refreshIceServers(),
    onState: (state) => {
      renderPill(byId('signaling-state'), describeSignaling(state));
      if (state.kind === 'open') {
        showMessage(errorBox, undefined);
        // A session that survived the signaling outage keeps its media; only a dead one is redone.
        if (!session || !session.alive || session.pc.connectionState === 'new') void startSession();
      } else if (state.kind === 'reconnecting' && channel.lastFailure) fail(channel.lastFailure);
    },
  });
  signaling.start();

  byId('enable-sound').addEventListener('click', () => {
    void video.play();
    byId('enable-sound').hidden = true;
  });
  const talk = byId<HTMLButtonElement>('talk');
  const setTalking = (on: boolean) => {
    if (!mic) return;
    mic.enabled = on;
    talk.setAttribute('aria-pressed', String(on));
  };
  talk.disabled = !mic;
  talk.addEventListener('pointerdown', () => setTalking(true));
  for (const end of ['pointerup', 'pointerleave', 'pointercancel']) talk.addEventListener(end, () => setTalking(false));
  addEventListener('keydown', (e) => e.code === 'Space' && !e.repeat && setTalking(true));
  addEventListener('keyup', (e) => e.code === 'Space' && setTalking(false));

  const statsLine = byId('stats');
  const statsTimer = setInterval(async () => {
    if (!session) return;
    const s = await sampler.sample(session.pc);
    statsLine.textContent = `Receiving video ${s.videoIn.width ?? '—'}×${s.videoIn.height ?? '—'} at ${s.videoIn.kbps} kb/s, audio ${s.audioIn.kbps} kb/s; sending audio ${s.audioOut.kbps} kb/s`;
  }, 2_000);
  const stopKeepingAlive = keepAlive({ keeper, signaling });
  addEventListener('pagehide', () => {
    keeper.stop();
    signaling.stop();
    session?.close();
  });
  opened.onStopped(() => {
    stopKeepingAlive();
    clearTimeout(retryTimer);
    clearInterval(statsTimer);
    signaling.stop();
    session?.close();
    mic?.stop();
  });

  window.doorbellViewer = {
    doorbell: { endpointId: access.endpointId, name: access.name },
    clientId,
    peerConnection: () => session?.pc,
    credentials: () => ({ renewals: keeper.renewals, state: keeper.state.kind }),
    signalingState: () => signaling.currentState,
    connectionState: () => session?.pc.connectionState ?? 'none',
    stats: async () => (session ? new StatsSampler().sample(session.pc) : undefined),
    talking: () => mic?.enabled ?? false,
  };
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
