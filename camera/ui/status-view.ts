import type { HeartbeatState } from '../device-api/heartbeat.js';
import type { SignalingState } from '../signaling/signaling-connection.js';

export function describeSignaling(state: SignalingState): { text: string; tone: 'ok' | 'busy' | 'bad' } {
  switch (state.kind) {
    case 'open':
      return { text: 'Signaling: connected', tone: 'ok' };
    case 'connecting':
      return { text: state.attempt > 0 ? `Signaling: reconnecting (attempt ${state.attempt + 1})` : 'Signaling: connecting', tone: 'busy' };
    case 'reconnecting':
      return { text: `Signaling: ${state.reason}; retrying in ${Math.ceil(state.inMs / 1000)} s`, tone: 'bad' };
    case 'closed':
      return { text: 'Signaling: stopped', tone: 'bad' };
  }
}

export function describeHeartbeat(state: HeartbeatState): { text: string; tone: 'ok' | 'busy' | 'bad' } {
  switch (state.kind) {
    case 'starting':
      return { text: 'Alexa: reporting online…', tone: 'busy' };
    case 'online':
      return { text: 'Alexa: sees the doorbell online', tone: 'ok' };
    case 'failing':
      return {
        text: `${state.unreachable ? 'Alexa: doorbell service unreachable, retrying' : 'Alexa: doorbell service refused the heartbeat; retrying'} in ${Math.ceil(state.retryInMs / 1000)} s`,
        tone: 'bad',
      };
    case 'stopped':
      return { text: 'Alexa: offline', tone: 'bad' };
  }
}

export function renderPill(pill: HTMLElement, view: { text: string; tone: string }): void {
  pill.textContent = view.text;
  pill.dataset.tone = view.tone;
}
