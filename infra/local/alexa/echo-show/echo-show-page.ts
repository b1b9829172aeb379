/**
 * The Echo Show simulator page: an Echo Show 8 signed in to one local Alexa account (?user=),
 * showing that account's doorbells, opening their live feed on request, and announcing presses.
 */
import { chimesPlayed, playChime, unlockAudioOnFirstGesture } from './chime.js';
import { renderConnectivity, renderHome, renderMotion, renderSnapshot, renderUsers, tickClock, toast } from './home-screen.js';
import { explain, LiveView } from './live-view.js';
import { alexaApi, type AlexaUser, type Announcement, type Motion } from './simulator-api.js';

/** As the device does: a press shows the doorbell's feed for this long. */
const ANNOUNCEMENT_FEED_MS = 15_000;

const params = new URLSearchParams(location.search);
const user = params.get('user') ?? 'alice';
const api = alexaApi(user);
let current: AlexaUser | undefined;
let announcements = 0;
let motions = 0;
/** A press's or a motion's picture is uploaded a moment after the event: the tile asks again then. */
const SNAPSHOT_AFTER_EVENT_MS = [2_000, 5_000];

const live = new LiveView(() => api, (text) => toast(text));

/** As the Alexa app does while a device list is on screen. */
const CONNECTIVITY_REFRESH_MS = 10_000;

function show(state: AlexaUser): void {
  current = state;
  renderHome(state, {
    onShow: (device) => void live.open(device, { talking: false }),
    onTalk: (device) => void live.open(device, { talking: true }),
  });
  checkConnectivity(state);
  for (const device of state.endpoints) renderSnapshot(device.endpointId, api.snapshotUrl(device.endpointId));
}

function refreshSnapshotSoon(endpointId: string): void {
  for (const ms of SNAPSHOT_AFTER_EVENT_MS) setTimeout(() => renderSnapshot(endpointId, api.snapshotUrl(endpointId)), ms);
}

function onMotion(m: Motion): void {
  motions++;
  document.getElementById('screen')!.dataset.motions = String(motions);
  renderMotion(m.endpointId, m.detectionState);
  if (m.detectionState === 'DETECTED') refreshSnapshotSoon(m.endpointId);
}

function checkConnectivity(state: AlexaUser): void {
  for (const device of state.endpoints) {
    api
      .reportState(device.endpointId)
      .then((r) => {
        renderConnectivity(device.endpointId, r.connectivity);
        renderMotion(device.endpointId, r.detectionState);
      })
      .catch((err: { type?: string; message: string }) => renderConnectivity(device.endpointId, explain(err.type ?? '', err.message, device.friendlyName)));
  }
}

async function refresh(action?: () => Promise<AlexaUser>): Promise<void> {
  try {
    show(await (action ?? api.state)());
  } catch (err) {
    const e = err as { type?: string; message: string };
    toast(e.type === 'LINK_EXPIRED' ? 'The doorbell skill needs to be linked again.' : e.message);
    await api.state().then(show, () => undefined);
  }
}

function onAnnouncement(a: Announcement): void {
  announcements++;
  document.getElementById('screen')!.dataset.announcements = String(announcements);
  playChime();
  const device = current?.endpoints.find((d) => d.endpointId === a.endpointId);
  if (!device) return;
  refreshSnapshotSoon(a.endpointId);
  // A press while this doorbell's feed is already open only announces.
  if (live.endpointId !== a.endpointId) void live.open(device, { talking: false, autoCloseMs: ANNOUNCEMENT_FEED_MS });
  live.announce(`Someone is at the ${a.friendlyName}`);
}

function wire(): void {
  unlockAudioOnFirstGesture(document);
  tickClock();
  const select = document.getElementById('user') as HTMLSelectElement;
  select.addEventListener('change', () => {
    location.search = `?user=${encodeURIComponent(select.value)}`;
  });
  document.getElementById('link')!.addEventListener('click', () => location.assign(api.linkUrl()));
  document.getElementById('unlink')!.addEventListener('click', () => void refresh(api.unlink));
  document.getElementById('discover')!.addEventListener('click', () => void refresh(api.discover));
  // Closing the tab hangs up, as turning away from an Echo Show ends the session.
  addEventListener('pagehide', () => live.hangUp());
  api.users().then((users) => renderUsers(users, user), () => undefined);
  setInterval(() => {
    if (current?.linked && !document.hidden && document.getElementById('home')!.hidden === false) checkConnectivity(current);
  }, CONNECTIVITY_REFRESH_MS);
  const source = api.announcements(onAnnouncement, onMotion);
  const screen = document.getElementById('screen')!;
  source.addEventListener('open', () => (screen.dataset.listening = 'true'));
  source.addEventListener('error', () => (screen.dataset.listening = 'false'));
  void refresh();
}

/** For tests and curious developers: what the screen is doing, from the console. */
(window as unknown as { echoShow: unknown }).echoShow = {
  user,
  stats: () => live.stats(),
  callState: () => live.state,
  chimes: () => chimesPlayed(),
  announcements: () => announcements,
  motions: () => motions,
};

wire();
