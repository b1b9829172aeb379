import type { AnswerSummary, SessionInfo } from '../sessions/session-manager.js';
import type { DirectionStats } from '../sessions/session-stats.js';
import { el } from './dom.js';

function size(s: DirectionStats | undefined): string {
  return s?.width && s.height ? `${s.width}×${s.height}` : '—';
}

function rate(s: DirectionStats | undefined): string {
  return s ? `${s.kbps} kb/s` : '—';
}

/** What the answer carried: `complete: 1 host, 0 srflx, 2 relay (3 dropped)`. */
export function describeAnswer(a: AnswerSummary | undefined): string {
  if (!a) return '—';
  const { host, srflx, prflx, relay } = a.candidates;
  const counts = `${host} host, ${srflx} srflx, ${relay} relay${prflx ? `, ${prflx} prflx` : ''}`;
  return `${a.mode}: ${counts}${a.dropped.length ? ` (${a.dropped.length} dropped)` : ''}`;
}

/** The session table: who is connected, how, and how much flows each way. */
export function renderSessions(body: HTMLTableSectionElement, empty: HTMLElement, sessions: SessionInfo[]): void {
  empty.hidden = sessions.length > 0;
  body.replaceChildren(
    ...sessions.map((s) => {
      const st = s.stats;
      const out = st ? `video ${size(st.videoOut)} ${rate(st.videoOut)}, audio ${rate(st.audioOut)}` : '—';
      const inbound = st ? `audio ${rate(st.audioIn)}${st.videoIn.kbps ? `, video ${size(st.videoIn)} ${rate(st.videoIn)}` : ''}` : '—';
      return el('tr', { dataset: { clientId: s.clientId, state: s.state, kind: s.kind, answerMode: s.answer?.mode ?? '' } }, [
        el('td', {}, [s.kind === 'alexa' ? 'Alexa' : 'Viewer']),
        el('td', { className: 'client-id', title: s.clientId }, [s.clientId]),
        el('td', {}, [s.state + (s.answer ? ` (answered in ${s.answer.ms} ms)` : '') + (st?.path ? `, ${st.path.local} to ${st.path.remote}` : '')]),
        el('td', { className: 'answer' }, [describeAnswer(s.answer)]),
        el('td', {}, [out]),
        el('td', {}, [inbound]),
      ]);
    }),
  );
}
