/**
 * The Echo Show's home screen: which Alexa account is signed in, whether the doorbell skill is
 * linked, and a tile per discovered doorbell with its connectivity, its motion state, its latest
 * picture (as the Alexa app shows a camera's tile) and the two ways to open it.
 */
import type { AlexaUser, DiscoveredDevice } from './simulator-api.js';

export interface HomeActions {
  onShow(device: DiscoveredDevice): void;
  onTalk(device: DiscoveredDevice): void;
}

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

export function renderUsers(users: AlexaUser[], current: string): void {
  const select = $<HTMLSelectElement>('user');
  select.replaceChildren(
    ...users.map((u) => {
      const option = new Option(`${u.user} (${u.email})`, u.user, false, u.user === current);
      return option;
    }),
  );
}

export function renderHome(state: AlexaUser, actions: HomeActions): void {
  const linkState = $('link-state');
  linkState.textContent = state.linked ? `Doorbell skill linked (${state.linkedEmail ?? state.email})` : 'Doorbell skill not linked';
  linkState.classList.toggle('linked', state.linked);
  $<HTMLButtonElement>('link').hidden = state.linked;
  $<HTMLButtonElement>('unlink').hidden = !state.linked;
  $<HTMLButtonElement>('discover').disabled = !state.linked;

  const message = $('home-message');
  if (!state.linked) message.textContent = 'Link the doorbell skill to see your doorbells here.';
  else if (state.endpoints.length === 0) message.textContent = 'No doorbell found for this account.';
  else message.textContent = '';

  const list = $('devices');
  list.replaceChildren(
    ...state.endpoints.map((device) => {
      const li = document.createElement('li');
      li.className = 'device';
      li.dataset.endpointId = device.endpointId;
      const title = document.createElement('h2');
      title.textContent = device.friendlyName;
      const connectivity = document.createElement('span');
      connectivity.className = 'connectivity';
      connectivity.textContent = 'Checking…';
      const motion = document.createElement('span');
      motion.className = 'motion';
      motion.textContent = 'Motion: …';
      const picture = document.createElement('img');
      picture.className = 'snapshot';
      picture.alt = `The latest picture at the ${device.friendlyName}`;
      picture.hidden = true;
      picture.addEventListener('load', () => (picture.hidden = false));
      picture.addEventListener('error', () => (picture.hidden = true));
      const show = document.createElement('button');
      show.type = 'button';
      show.className = 'show';
      show.textContent = 'Show me';
      show.addEventListener('click', () => actions.onShow(device));
      const talk = document.createElement('button');
      talk.type = 'button';
      talk.className = 'talk quiet';
      talk.textContent = 'Talk';
      talk.addEventListener('click', () => actions.onTalk(device));
      const buttons = document.createElement('div');
      buttons.className = 'actions';
      buttons.append(show, talk);
      li.append(title, picture, connectivity, motion, buttons);
      return li;
    }),
  );
}

export function renderConnectivity(endpointId: string, connectivity: string): void {
  const el = document.querySelector<HTMLElement>(`.device[data-endpoint-id="${CSS.escape(endpointId)}"] .connectivity`);
  if (!el) return;
  el.textContent = connectivity === 'OK' ? 'Camera online' : connectivity === 'UNREACHABLE' ? 'Camera offline' : connectivity;
  el.classList.toggle('ok', connectivity === 'OK');
  el.classList.toggle('unreachable', connectivity === 'UNREACHABLE');
}

export function renderMotion(endpointId: string, detectionState: string): void {
  const el = document.querySelector<HTMLElement>(`.device[data-endpoint-id="${CSS.escape(endpointId)}"] .motion`);
  if (!el) return;
  el.textContent = detectionState === 'DETECTED' ? 'Motion detected' : detectionState === 'NOT_DETECTED' ? 'No motion' : `Motion: ${detectionState}`;
  el.dataset.state = detectionState;
}

/** Shows the latest picture on the tile: the Alexa app asks for it when it shows the tile and after a wake event. */
export function renderSnapshot(endpointId: string, url: string): void {
  const img = document.querySelector<HTMLImageElement>(`.device[data-endpoint-id="${CSS.escape(endpointId)}"] img.snapshot`);
  if (img) img.src = url;
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;

export function toast(text: string, kind: 'error' | 'info' = 'error'): void {
  const el = $('toast');
  el.textContent = text;
  el.className = `toast ${kind}`;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (el.hidden = true), 8000);
}

export function tickClock(): void {
  const el = $('clock');
  const update = (): void => {
    el.textContent = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  };
  update();
  setInterval(update, 10_000);
}
