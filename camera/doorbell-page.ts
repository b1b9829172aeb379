import type { PressResponse } from '../contracts/device-api/bodies.js';
import { openPage } from './access/open-page.js';
import { DeviceApiCallError, DeviceApiClient } from './device-api/client.js';
import { AccessView } from './ui/access-view.js';
import { byId, el, showMessage } from './ui/dom.js';
import { describePress } from './ui/press-view.js';
import { renderPill } from './ui/status-view.js';
import { startTryingAgain } from './alive/start-again.js';

declare global {
  interface Window {
    doorbellAnnounce?: { lastResult(): PressResponse | { error: string } | undefined; credentials(): { renewals: number; state: string } };
    doorbellAnnounceError?: string;
  }
}

const errorBox = byId('error');
const fail = (message: string) => {
  showMessage(errorBox, message);
  window.doorbellAnnounceError = message;
};

/** Wires the press button; enabled only once its handler is attached, so no early click is lost. */
function listenForPresses(api: DeviceApiClient, press: HTMLButtonElement): () => PressResponse | { error: string } | undefined {
  let last: PressResponse | { error: string } | undefined;
  const result = byId('result');
  press.addEventListener('click', async () => {
    press.disabled = true;
    try {
      const response = await api.press();
      last = response;
      const view = describePress(response);
      result.dataset.tone = view.tone;
      result.dataset.outcome = response.outcome;
      result.replaceChildren(el('h3', { textContent: view.title }), el('p', { textContent: view.text }));
    } catch (error) {
      const message = error instanceof DeviceApiCallError ? error.message : String(error);
      last = { error: message };
      result.dataset.tone = 'error';
      result.dataset.outcome = 'ERROR';
      result.replaceChildren(el('h3', { textContent: 'Not delivered' }), el('p', { textContent: message }));
    } finally {
      press.disabled = false;
    }
  });
  press.disabled = false;
  return () => last;
}

/** The doorbell button: its own doorbell only (the grant names it), presses and the camera's state; no KVS right at all. */
async function main(): Promise<void> {
  const view = new AccessView({ pill: byId('credentials-state'), line: byId('device-line'), main: byId('button-main'), onProblem: fail });
  const opened = await openPage('button', view);
  if (!opened) return;
  const { access, keeper } = opened;
  const api = DeviceApiClient.forDoorbell(access);
  const state = byId('doorbell-state');
  const details = byId('doorbell-details');
  const lastResult = listenForPresses(api, byId<HTMLButtonElement>('press'));
  window.doorbellAnnounce = { lastResult, credentials: () => ({ renewals: keeper.renewals, state: keeper.state.kind }) };
  addEventListener('pagehide', () => keeper.stop());
  try {
    const info = await api.getDoorbell();
    details.textContent = `${info.name}: camera ${info.online ? 'online' : 'offline'}, ${info.linked ? 'linked to Alexa' : 'not linked to Alexa yet'}.`;
    renderPill(state, { text: info.online ? 'Camera online' : 'Camera offline', tone: info.online ? 'ok' : 'bad' });
  } catch (error) {
    details.textContent = access.name;
    renderPill(state, { text: 'Doorbell service unreachable', tone: 'bad' });
    showMessage(errorBox, error instanceof DeviceApiCallError ? error.message : String(error), 'warning');
  }
}

// The button page waits at the door unattended too: a start that broke is tried again.
startTryingAgain(main, fail);
