import type { PressResponse } from '../contracts/device-api/bodies.js';
import { DeviceApiCallError, DeviceApiClient } from './device-api/client.js';
import { loadPageConfig } from './page-config.js';
import { byId, el, showMessage } from './ui/dom.js';
import { describePress } from './ui/press-view.js';
import { renderPill } from './ui/status-view.js';

declare global {
  interface Window {
    doorbellAnnounce?: { lastResult(): PressResponse | { error: string } | undefined };
  }
}

const errorBox = byId('error');

/** The doorbells this page may press: every `?doorbell=` given (local), or the one in `#config`. */
function doorbellChoices(): string[] {
  return new URLSearchParams(location.search).getAll('doorbell');
}

/** Wires the press button; enabled only once its handler is attached, so no early click is lost. */
function listenForPresses(api: DeviceApiClient, press: HTMLButtonElement): void {
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
  window.doorbellAnnounce = { lastResult: () => last };
  press.disabled = false;
}

async function main(): Promise<void> {
  const choices = doorbellChoices();
  const select = byId<HTMLSelectElement>('doorbell-select');
  const chosen = new URLSearchParams(location.search).get('doorbell') ?? undefined;
  const config = await loadPageConfig(location);
  const ids = choices.length > 0 ? choices : [config.endpointId];
  select.replaceChildren(...ids.map((id) => el('option', { value: id, textContent: id, selected: id === (chosen ?? config.endpointId) })));
  select.disabled = ids.length < 2;
  select.onchange = () => {
    // Each doorbell has its own credentials, so choosing another reloads with it first.
    const params = new URLSearchParams(location.search);
    params.delete('doorbell');
    for (const id of [select.value, ...ids.filter((i) => i !== select.value)]) params.append('doorbell', id);
    location.search = params.toString();
  };

  const api = DeviceApiClient.forPage(config);
  const state = byId('doorbell-state');
  const details = byId('doorbell-details');
  const press = byId<HTMLButtonElement>('press');
  listenForPresses(api, press);
  try {
    const info = await api.getDoorbell();
    details.textContent = `${info.name}: camera ${info.online ? 'online' : 'offline'}, ${info.linked ? 'linked to Alexa' : 'not linked to Alexa yet'}.`;
    renderPill(state, { text: info.online ? 'Camera online' : 'Camera offline', tone: info.online ? 'ok' : 'bad' });
  } catch (error) {
    details.textContent = config.name;
    renderPill(state, { text: 'Doorbell service unreachable', tone: 'bad' });
    showMessage(errorBox, error instanceof DeviceApiCallError ? error.message : String(error), 'warning');
  }
}

main().catch((error: unknown) => showMessage(errorBox, error instanceof Error ? error.message : String(error)));
