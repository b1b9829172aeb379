import './browser-globals.js';
import type { KeeperState } from './access/credential-keeper.js';
import { openPage } from './access/open-page.js';
import { keepAlive } from './alive/keep-alive.js';
import { describeWakeLock, ScreenWakeLock, type WakeLockState } from './alive/wake-lock.js';
import { DeviceApiCallError, DeviceApiClient } from './device-api/client.js';
import { Heartbeat } from './device-api/heartbeat.js';
import { ChannelAccess } from './kvs/channel-access.js';
import { signerFor } from './kvs/signer.js';
import { LocalMedia } from './media/local-media.js';
import { SessionManager, type SessionInfo } from './sessions/session-manager.js';
import { SignalingConnection, type SignalingState } from './signaling/signaling-connection.js';
import { AccessView } from './ui/access-view.js';
import { fillDeviceSelect } from './ui/device-select.js';
import { byId, showMessage } from './ui/dom.js';
import { describePress } from './ui/press-view.js';
import { RemoteAudio } from './ui/remote-audio.js';
import { describeAnswer, renderSessions } from './ui/sessions-view.js';
import { describeHeartbeat, describeSignaling, renderPill } from './ui/status-view.js';
import { startDoorWatch, type DoorWatchHandle } from './door-watch.js';
import { startTryingAgain } from './alive/start-again.js';

const STATS_INTERVAL_MS = 2_000;

/** What the page exposes for tests and for a curious person in the console. */
export interface CameraPageHandle {
  doorbell: { endpointId: string; name: string };
  deviceId: string;
  credentials(): { state: KeeperState; renewals: number; accessKeyId?: string };
  wakeLock(): WakeLockState | undefined;
  /** Whether closing the tab now would tell the doorbell service at once (its offline report is signed). */
  offlineReportReady(): boolean;
  signalingState(): SignalingState;
  sessions(): SessionInfo[];
  sampleStats(): Promise<SessionInfo[]>;
  iceServers(): RTCIceServer[];
  localTrackSettings(): { audio?: MediaTrackSettings; video?: MediaTrackSettings };
  localTrackConstraints(): { audio?: MediaTrackConstraints; video?: MediaTrackConstraints };
  /** Motion detection and pictures (door-watch.ts). */
  doorWatch: DoorWatchHandle;
}

declare global {
  interface Window {
    doorbellCamera?: CameraPageHandle;
    doorbellCameraError?: string;
  }
}

const errorBox = byId('error');
const fail = (message: string) => {
  showMessage(errorBox, message);
  window.doorbellCameraError = message;
};

async function main(): Promise<void> {
  const view = new AccessView({ pill: byId('credentials-state'), line: byId('device-line'), main: byId('camera-main'), onProblem: fail });
  // A camera with a grant starts by itself: no click between a reload (or a reboot) and answering Alexa.
  const opened = await openPage('camera', view);
  if (!opened) return;
  const { access, keeper } = opened;
  byId('doorbell-name').textContent = `${access.name} — camera`;
  document.title = `${access.name} — doorbell camera`;

  const media = new LocalMedia();
  const stream = await media.start();
  byId<HTMLVideoElement>('preview').srcObject = stream;

  const remoteAudio = new RemoteAudio(byId('remote-audio'), () => (byId('enable-sound').hidden = false));
  byId('enable-sound').addEventListener('click', () => {
    remoteAudio.resume();
    byId('enable-sound').hidden = true;
  });
  byId<HTMLInputElement>('volume').addEventListener('input', (e) => remoteAudio.setVolume(Number((e.target as HTMLInputElement).value)));
  byId<HTMLInputElement>('mute').addEventListener('change', (e) => media.setMuted((e.target as HTMLInputElement).checked));

  const sessionsBody = byId<HTMLTableSectionElement>('sessions');
  const noSessions = byId('no-sessions');
  let signaling: SignalingConnection;
  const manager = new SessionManager({
    stream: () => media.mediaStream,
    transport: {
      sendAnswer: (answer, clientId) => signaling.sendAnswer(answer, clientId),
      sendCandidate: (candidate, clientId) => signaling.sendCandidate(candidate, clientId),
    },
    onChange: (list) => renderSessions(sessionsBody, noSessions, list),
    onRemoteAudio: (clientId, s) => remoteAudio.set(clientId, s),
    onRejected: (clientId, reason) => console.warn(`session ${clientId} not accepted: ${reason}`),
    onAnswer: (clientId, answer) => {
      console.info(`answer to ${clientId}: ${describeAnswer(answer)}, ${answer.ms} ms${answer.payloadChars ? `, ${answer.payloadChars} characters` : ''}`);
      for (const d of answer.dropped) console.warn(`answer to ${clientId}: dropped ${d.candidate} (${d.reason})`);
    },
  });
  media.onTrackReplaced((kind, track) => void manager.replaceTrack(kind, track));

  const channel = new ChannelAccess(access, 'MASTER', { onIceServers: (servers) => manager.pool.setIceServers(servers) });

  signaling = new SignalingConnection({
    channel: access,
    role: 'MASTER',
    signer: (endpoint) => signerFor(endpoint, access),
    endpoint: () => channel.signalingEndpoint(),
    onOffer: (offer, sender) => void manager.handleOffer(offer, sender),
    onCandidate: (candidate, sender) => void manager.handleCandidate(candidate, sender),
    onIceServersStale: () => channel.refreshIceServers(),
    onState: (state) => {
      renderPill(byId('signaling-state'), describeSignaling(state));
      if (state.kind === 'open') {
        showMessage(errorBox, undefined);
        showMessage(byId('warning'), undefined);
      }
      else if (state.kind === 'reconnecting' && channel.lastFailure) fail(channel.lastFailure);
    },
  });
  signaling.start();

  const api = DeviceApiClient.forDoorbell(access);
  const heartbeat = new Heartbeat(api, { onState: (state) => renderPill(byId('online-state'), describeHeartbeat(state)) });
  heartbeat.start();
  const doorWatch = startDoorWatch(api, access.endpointId, byId<HTMLVideoElement>('preview'));

  const button = byId<HTMLButtonElement>('doorbell-button');
  const pressResult = byId('press-result');
  button.disabled = false;
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const view = describePress(await api.press());
      showMessage(pressResult, `${view.title}: ${view.text}`, view.tone === 'ok' ? 'info' : view.tone);
    } catch (error) {
      showMessage(pressResult, error instanceof DeviceApiCallError ? error.message : String(error), 'error');
    } finally {
      button.disabled = false;
    }
  });

  const devices = await media.listDevices();
  const currentVideo = media.track('video')?.getSettings().deviceId;
  const currentAudio = media.track('audio')?.getSettings().deviceId;
  fillDeviceSelect(byId('camera-select'), devices.cameras, currentVideo, (id) => media.switchDevice('video', id).catch((e: Error) => fail(e.message)));
  fillDeviceSelect(byId('mic-select'), devices.microphones, currentAudio, (id) => media.switchDevice('audio', id).catch((e: Error) => fail(e.message)));

  let wakeLockState: WakeLockState | undefined;
  const wakeLock = new ScreenWakeLock((state) => {
    wakeLockState = state;
    renderPill(byId('wake-lock-state'), describeWakeLock(state));
  });
  void wakeLock.acquire();
  const stopKeepingAlive = keepAlive({ keeper, signaling, heartbeat, wakeLock, onRecovery: (message) => showMessage(byId('warning'), message, 'info') });

  const statsTimer = setInterval(() => void manager.sampleStats(), STATS_INTERVAL_MS);
  addEventListener('pagehide', () => {
    heartbeat.sendOfflineNow();
    keeper.stop();
    signaling.stop();
    manager.closeAll();
  });
  // Revoked (or set up again in another tab): nothing of this device may go on.
  opened.onStopped(() => {
    stopKeepingAlive();
    clearInterval(statsTimer);
    void heartbeat.stop();
    signaling.stop();
    manager.closeAll();
    wakeLock.release();
    for (const track of media.mediaStream.getTracks()) track.stop();
  });

  window.doorbellCamera = {
    doorbell: { endpointId: access.endpointId, name: access.name },
    deviceId: keeper.deviceId,
    credentials: () => ({ state: keeper.state, renewals: keeper.renewals, ...(keeper.latest ? { accessKeyId: keeper.latest.credentials.accessKeyId } : {}) }),
    wakeLock: () => wakeLockState,
    offlineReportReady: () => heartbeat.offlineReportReady,
    signalingState: () => signaling.currentState,
    sessions: () => manager.list(),
    sampleStats: () => manager.sampleStats(),
    iceServers: () => channel.iceServers(),
    localTrackSettings: () => ({ audio: media.track('audio')?.getSettings(), video: media.track('video')?.getSettings() }),
    localTrackConstraints: () => ({ audio: media.track('audio')?.getConstraints(), video: media.track('video')?.getConstraints() }),
    doorWatch,
  };
}

startTryingAgain(main, fail);
