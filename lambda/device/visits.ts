/**
 * The history's visits: events newest first, grouped while each is at most VISIT_GAP_MS before the
 * one after it and the visit stays within VISIT_MAX_MS, so a press and the motion around it read as
 * one visit and endless motion reads as several. Pure: the history route and its tests call it.
 */
import { VISIT_GAP_MS, VISIT_MAX_MS } from '../../contracts/snapshots.js';

/** A visit of anything with a time: the stored events (to cut a page) or the answered ones (contracts' Visit). */
export interface VisitOf<E> {
  startedAt: number;
  endedAt: number;
  events: E[];
}

export function groupVisits<E extends { at: number }>(newestFirst: readonly E[], gapMs = VISIT_GAP_MS, maxMs = VISIT_MAX_MS): VisitOf<E>[] {
  const visits: VisitOf<E>[] = [];
  for (const event of newestFirst) {
    const current = visits[visits.length - 1];
    if (current && current.startedAt - event.at <= gapMs && current.endedAt - event.at <= maxMs) {
      current.events.push(event);
      current.startedAt = event.at;
    } else {
      visits.push({ startedAt: event.at, endedAt: event.at, events: [event] });
    }
  }
  return visits;
}
