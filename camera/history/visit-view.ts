/**
 * How a visit reads in the viewer's history: pure, so the wording is tested without a browser.
 * A visit is a press and the motion around it (grouped by the device API), newest first.
 */
import type { Visit } from '../../contracts/device-api/bodies.js';

export interface VisitView {
  title: string;
  when: string;
  /** The visit's pictures, the press's first (it is who rang), then the motion's. */
  pictures: { url: string; caption: string }[];
}

const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const day = (ms: number) => new Date(ms).toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short' });

export function describeVisit(visit: Visit): VisitView {
  const presses = visit.events.filter((e) => e.type === 'PRESS').length;
  const motions = visit.events.length - presses;
  const title = presses > 0 ? (motions > 0 ? 'Someone rang (and was seen moving)' : 'Someone rang') : 'Motion at the door';
  const span = visit.endedAt - visit.startedAt >= 1000 ? `${time(visit.startedAt)}–${time(visit.endedAt)}` : time(visit.startedAt);
  const ordered = [...visit.events].sort((a, b) => (a.type === b.type ? a.at - b.at : a.type === 'PRESS' ? -1 : 1));
  return {
    title,
    when: `${day(visit.startedAt)}, ${span}`,
    pictures: ordered.filter((e) => e.picture).map((e) => ({ url: e.picture!.url, caption: `${e.type === 'PRESS' ? 'Press' : 'Motion'} at ${time(e.at)}` })),
  };
}
