/**
 * One ChangeReport to the owner's event gateway, retried a bounded number of times (a 5xx, a
 * network failure, a throttle, LWA briefly down: up to `attempts` tries with a growing pause; a 401
 * gets the token refreshed for the next try; a 403 or a refused refresh is final). The connectivity
 * reports (connectivity-report.ts) and the motion reports (device/motion.ts) both go through it.
 */
import { gatewayUrlFor } from '../config.js';
import type { Runtime } from '../runtime.js';
import { TokenError } from '../auth/access-token.js';
import { errorSummary } from '../log.js';
import type { AlexaResponse } from '../alexa/responses.js';
import type { UserItem } from '../store/users.js';
import type { EventTarget } from './messages.js';
import { postEvent } from './gateway.js';

export type ReportOutcome = 'ACCEPTED' | 'NOT_LINKED' | 'REFUSED' | 'FAILED';

export interface RetryOptions {
  /** Tries in all (default 3). */
  attempts?: number;
  /** Each try's bound on the gateway call (default 2 s). */
  timeoutMs?: number;
  /** The pause before the n-th retry is backoffMs * 4^(n-1) (default 250 ms: 250, 1000). */
  backoffMs?: number;
}

export interface SentReport {
  outcome: ReportOutcome;
  /** When the accepted report was built (its timeOfSample). */
  sentAt?: number;
  attempts: number;
  detail?: Record<string, unknown>;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function sendChangeReport(
  runtime: Runtime,
  doorbell: { endpointId: string; ownerEmail: string },
  build: (target: EventTarget, sentAt: number) => AlexaResponse,
  opts: RetryOptions = {},
): Promise<SentReport> {
  const { endpointId } = doorbell;
  const attempts = opts.attempts ?? 3;
  let userId: string | undefined;
  try {
    userId = await runtime.users.findUserIdByEmail(doorbell.ownerEmail);
  } catch (err) {
    runtime.log.warn('change report failed', { endpointId, ...errorSummary(err) });
    return { outcome: 'FAILED', attempts: 0 };
  }
  if (!userId) return { outcome: 'NOT_LINKED', attempts: 0 };
  let rejected: string | undefined;
  let last: { status?: number } = {};
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await pause((opts.backoffMs ?? 250) * 4 ** (attempt - 2));
    let user: UserItem;
    try {
      user = await runtime.tokens.forUser(userId, rejected);
    } catch (err) {
      if (err instanceof TokenError && err.kind !== 'LWA_UNAVAILABLE') return { outcome: 'REFUSED', attempts: attempt, detail: { reason: err.kind } };
      last = {};
      continue;
    }
    const sentAt = runtime.now();
    const event = build({ endpointId, accessToken: user.accessToken }, sentAt);
    const result = await postEvent(gatewayUrlFor(runtime.config, user.region), user.accessToken, event, opts.timeoutMs ?? 2000);
    if (result.kind === 'ACCEPTED') return { outcome: 'ACCEPTED', sentAt, attempts: attempt };
    if (result.kind === 'FORBIDDEN') return { outcome: 'REFUSED', attempts: attempt, detail: { status: 403 } };
    rejected = result.kind === 'UNAUTHORIZED' ? user.accessToken : undefined;
    last = { status: result.status };
  }
  return { outcome: 'FAILED', attempts, ...(last.status ? { detail: { status: last.status } } : {}) };
}
