import { SETUP_PAGE, type PageRole } from '../../contracts/page-roles.js';
import type { KeeperState, StoppedState } from '../access/credential-keeper.js';
import type { GrantRecord } from '../access/grant-store.js';
import { el } from './dom.js';
import { renderPill } from './status-view.js';

/** What a person calls each role. */
export const ROLE_NAMES: Readonly<Record<PageRole, string>> = { camera: 'camera', button: 'doorbell button', viewer: 'viewer' };

const clockTime = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** The credentials pill: valid until when, renewing, or why not and when it tries again. */
export function describeKeeper(state: KeeperState, now = Date.now()): { text: string; tone: 'ok' | 'busy' | 'bad' } {
  switch (state.kind) {
    case 'starting':
      return { text: 'Credentials: getting them…', tone: 'busy' };
    case 'valid':
      return { text: `Credentials: valid until ${clockTime(state.expiresAt)}${state.renewals ? `, renewed ${state.renewals} ${state.renewals === 1 ? 'time' : 'times'}` : ''}`, tone: 'ok' };
    case 'renewing':
      return { text: 'Credentials: renewing…', tone: 'busy' };
    case 'retrying': {
      const still = state.expiresAt !== undefined && state.expiresAt > now ? `; the current ones last until ${clockTime(state.expiresAt)}` : '';
      const what = state.unreachable ? 'access service unreachable' : 'not renewed';
      return { text: `Credentials: ${what}, retrying in ${Math.ceil(state.retryInMs / 1000)} s${still}`, tone: 'bad' };
    }
    case 'stopped':
      return { text: state.why === 'revoked' ? 'Credentials: revoked' : 'Credentials: none', tone: 'bad' };
  }
}

/** The line under the header of a page that started from its grant, without anyone clicking anything. */
export function describeSetUp(record: Pick<GrantRecord, 'role' | 'label' | 'doorbellName'>): string {
  const started = record.role === 'camera' ? ' It started by itself, and starts again by itself on every reload.' : '';
  return `Set up on this browser as “${record.label}”, the ${ROLE_NAMES[record.role]} of ${record.doorbellName}.${started}`;
}

/** Why a page cannot run, and the way out: always the setup page. */
export function describeProblem(problem: { kind: 'not-set-up'; role: PageRole } | StoppedState): { title: string; text: string } {
  if (problem.kind === 'not-set-up') {
    const role = ROLE_NAMES[problem.role];
    return {
      title: 'This device is not set up',
      text: `This browser has not been set up as a doorbell's ${role}. Set it up on the setup page: sign in with Amazon, then choose the doorbell and “${role}”.`,
    };
  }
  const again = 'To use it again, set it up again on the setup page.';
  switch (problem.why) {
    case 'revoked':
      return { title: 'This device was revoked', text: `${problem.message} ${again}` };
    case 'invalid':
      return { title: 'This device is not set up any more', text: `${problem.message} ${again}` };
    default:
      return { title: 'This page has stopped', text: problem.message };
  }
}

/**
 * A page's view of its access: the credentials pill, the "set up as" line, and, when the page
 * cannot run, a panel in place of its content that says why, with a link to the setup page.
 */
export class AccessView {
  constructor(private readonly parts: { pill: HTMLElement; line: HTMLElement; main: HTMLElement; onProblem?: (message: string) => void }) {}

  keeperState(state: KeeperState): void {
    renderPill(this.parts.pill, describeKeeper(state));
  }

  setUpAs(record: GrantRecord): void {
    this.parts.line.textContent = describeSetUp(record);
    this.parts.line.hidden = false;
  }

  problem(problem: Parameters<typeof describeProblem>[0]): void {
    const { title, text } = describeProblem(problem);
    const setupLink = el('a', { href: SETUP_PAGE, className: 'button', textContent: 'Set up this device' });
    const panel = el('section', { id: 'access-problem', className: 'access-problem' }, [el('h2', { textContent: title }), el('p', { textContent: text }), el('p', {}, [setupLink])]);
    this.parts.main.replaceChildren(panel);
    this.parts.line.hidden = true;
    this.parts.onProblem?.(`${title}: ${text}`);
  }
}
