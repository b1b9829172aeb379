/**
 * The history's visits: events newest first, grouped while each is at most VISIT_GAP_MS before the
 * one after it, so a press and the motion around it read as one visit. Pure: the history route
 * and its tests call it.
 */
import type { HistoryEvent, Visit } from '../../contracts/device-api/bodies.js';
import { VISIT_GAP_MS } from '../../contracts/snapshots.js';

export function groupVisits(newestFirst: readonly HistoryEvent[], gapMs = VISIT_GAP_MS): Visit[] {
  const visits: Visit[] = [];
  for (const event of newestFirst) {
    const current = visits[visits.length - 1];
    if (current && current.startedAt - event.at <= gapMs) {
      current.events.push(event);
      current.startedAt = event.at;
    } else {
      visits.push({ startedAt: event.at, endedAt: event.at, events: [event] });
    }
  }
  return visits;
}
