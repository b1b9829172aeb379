/**
 * The viewer page's history panel: the doorbell's visits newest first, each with its pictures,
 * a page at a time ("Older" follows the device API's page token), refreshed on demand and by itself
 * every five minutes while it shows the newest page (a tablet left on the wall). The
 * pictures are presigned GETs the API handed out for a few minutes; a refresh gets fresh ones.
 */
import type { Visit } from '../../contracts/device-api/bodies.js';
import { HISTORY_PICTURE_EXPIRES_S } from '../../contracts/snapshots.js';
import type { DeviceApiClient } from '../device-api/client.js';
import { describeVisit } from './visit-view.js';

export interface HistoryPanelHandle {
  refresh(): Promise<void>;
  visits(): Visit[];
}

/** Whether a panel left alone reloads its newest page now: links at half their life, shown, not paged on. */
export function refreshDue(s: { pagedOn: boolean; visible: boolean; loadedAt: number; now: number }): boolean {
  return !s.pagedOn && s.visible && s.now - s.loadedAt >= (HISTORY_PICTURE_EXPIRES_S * 1000) / 2;
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

  // When the first page was loaded, and whether the viewer has paged on since (then only Refresh reloads).
  let loadedAt = 0;
  let pagedOn = false;
  const load = async (fresh: boolean) => {
    status.textContent = 'Loading…';
    try {
      const page = await api.history(fresh ? undefined : next);
      if (fresh) {
        list.replaceChildren();
        shown = [];
        loadedAt = Date.now();
        pagedOn = false;
      } else pagedOn = true;
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
  // A viewer left open (a kitchen tablet): new visits appear, and the pictures' links, which last
  // HISTORY_PICTURE_EXPIRES_S, are renewed at half their life, unless the viewer is reading older pages.
  const stale = () => refreshDue({ pagedOn, visible: document.visibilityState === 'visible', loadedAt, now: Date.now() });
  setInterval(() => void (stale() && load(true)), 30_000);
  document.addEventListener('visibilitychange', () => void (stale() && load(true)));
  void load(true);
  return { refresh: () => load(true), visits: () => [...shown] };
}
