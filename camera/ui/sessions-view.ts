import type { SessionInfo } from '../sessions/session-manager.js';
import type { DirectionStats } from '../sessions/session-stats.js';
import { el } from './dom.js';

function size(s: DirectionStats | undefined): string {
  return s?.width && s.height ? `${s.width}×${s.height}` : '—';
}

function rate(s: DirectionStats | undefined): string {
  return s ? `${s.kbps} kb/s` : '—';
}

/** The session table: who is connected, how, and how much flows each way. */
export function renderSessions(body: HTMLTableSectionElement, empty: HTMLElement, sessions: SessionInfo[]): void {
  empty.hidden = sessions.length > 0;
  body.replaceChildren(
    ...sessions.map((s) => {
      const st = s.stats;
      const out = st ? `video ${size(st.videoOut)} ${rate(st.videoOut)}, audio ${rate(st.audioOut)}` : '—';
      const inbound = st ? `audio ${rate(st.audioIn)}${st.videoIn.kbps ? `, video ${size(st.videoIn)} ${rate(st.videoIn)}` : ''}` : '—';
      return el('tr', { dataset: { clientId: s.clientId, state: s.state, kind: s.kind } }, [
        el('td', {}, [s.kind === 'alexa' ? 'Alexa' : 'Viewer']),
        el('td', { className: 'client-id', title: s.clientId }, [s.clientId]),
        el('td', {}, [s.state + (s.answerMs !== undefined ? ` (answered in ${s.answerMs} ms)` : '')]),
        el('td', {}, [out]),
        el('td', {}, [inbound]),
      ]);
    }),
  );
}
