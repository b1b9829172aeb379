/**
 * The viewer page's history panel: the doorbell's visits newest first, each with its pictures,
 * a page at a time ("Older" follows the device API's page token), refreshed on demand. The
 * pictures are presigned GETs the API handed out for a few minutes; a refresh gets fresh ones.
 */
import type { Visit } from '../../contracts/device-api/bodies.js';
import type { DeviceApiClient } from '../device-api/client.js';
import { describeVisit } from './visit-view.js';

export interface HistoryPanelHandle {
  refresh(): Promise<void>;
  visits(): Visit[];
}

export function startHistoryPanel(api: DeviceApiClient, root: HTMLElement): HistoryPanelHandle {
  const list = root.querySelector<HTMLOListElement>('ol')!;
  const older = root.querySelector<HTMLButtonElement>('[data-action="older"]')!;
  const refreshButton = root.querySelector<HTMLButtonElement>('[data-action="refresh"]')!;
  const status = root.querySelector<HTMLElement>('[data-role="status"]')!;
  let shown: Visit[] = [];
  let next: string | undefined;

  const render = (visit: Visit) => {
    const view = describeVisit(visit);
    const item = document.createElement('li');
    item.className = 'visit';
    const heading = document.createElement('h3');
    heading.textContent = view.title;
    const when = document.createElement('p');
    when.className = 'muted';
    when.textContent = view.when;
    item.append(heading, when);
    for (const picture of view.pictures) {
      const figure = document.createElement('figure');
      const img = document.createElement('img');
      img.src = picture.url;
      img.alt = picture.caption;
      img.loading = 'lazy';
      const caption = document.createElement('figcaption');
      caption.textContent = picture.caption;
      figure.append(img, caption);
      item.append(figure);
    }
    if (view.pictures.length === 0) item.append(Object.assign(document.createElement('p'), { className: 'muted', textContent: 'No picture.' }));
    list.append(item);
  };

  const load = async (fresh: boolean) => {
    status.textContent = 'Loading…';
    try {
      const page = await api.history(fresh ? undefined : next);
      if (fresh) {
        list.replaceChildren();
        shown = [];
      }
      shown.push(...page.visits);
      page.visits.forEach(render);
      next = page.nextPageToken;
      older.hidden = !next;
      status.textContent = shown.length === 0 ? 'No one has come by yet.' : '';
    } catch (error) {
      status.textContent = `The history could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
    }
  };
  older.addEventListener('click', () => void load(false));
  refreshButton.addEventListener('click', () => void load(true));
  void load(true);
  return { refresh: () => load(true), visits: () => [...shown] };
}
