/**
 * Telling Alexa a camera's connectivity: an `Alexa` ChangeReport of `Alexa.EndpointHealth.
 * connectivity` to the owner's event gateway, retried a bounded number of times (a 5xx, a network
 * failure, a throttle, LWA briefly down: up to `attempts` tries with a growing pause; a 401 gets
 * the token refreshed for the next try; a 403 or a refused refresh is final). What the gateway
 * accepted is recorded on the doorbell (`reportedConnectivity`), which the health check reads.
 */
import { gatewayUrlFor } from '../config.js';
import type { Runtime } from '../runtime.js';
import { TokenError } from '../auth/access-token.js';
import { errorSummary } from '../log.js';
import type { UserItem } from '../store/users.js';
import { connectivityChangeReport, type ChangeCause } from './messages.js';
import { postEvent } from './gateway.js';

export type ReportOutcome = 'ACCEPTED' | 'NOT_LINKED' | 'REFUSED' | 'FAILED';

export interface ReportOptions {
  cause: ChangeCause;
  /** Tries in all (default 3). */
  attempts?: number;
  /** Each try's bound on the gateway call (default 2 s). */
  timeoutMs?: number;
  /** The pause before the n-th retry is backoffMs * 4^(n-1) (default 250 ms: 250, 1000). */
  backoffMs?: number;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function reportConnectivity(runtime: Runtime, doorbell: { endpointId: string; ownerEmail: string }, online: boolean, opts: ReportOptions): Promise<ReportOutcome> {
  const { endpointId } = doorbell;
  const attempts = opts.attempts ?? 3;
  const log = (outcome: ReportOutcome, tries: number, extra: Record<string, unknown> = {}) => {
    runtime.log.info('change report', { endpointId, online, cause: opts.cause, outcome, attempts: tries, ...extra });
    return outcome;
  };
  let userId: string | undefined;
  try {
    userId = await runtime.users.findUserIdByEmail(doorbell.ownerEmail);
  } catch (err) {
    runtime.log.warn('change report failed', { endpointId, ...errorSummary(err) });
    return 'FAILED';
  }
  if (!userId) return log('NOT_LINKED', 0);
  let rejected: string | undefined;
  let last: { status?: number } = {};
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await pause((opts.backoffMs ?? 250) * 4 ** (attempt - 2));
    let user: UserItem;
    try {
      user = await runtime.tokens.forUser(userId, rejected);
    } catch (err) {
      if (err instanceof TokenError && err.kind !== 'LWA_UNAVAILABLE') return log('REFUSED', attempt, { reason: err.kind });
      last = {};
      continue;
    }
    const sentAt = runtime.now();
    const event = connectivityChangeReport({ endpointId, accessToken: user.accessToken }, online, sentAt, opts.cause);
    const result = await postEvent(gatewayUrlFor(runtime.config, user.region), user.accessToken, event, opts.timeoutMs ?? 2000);
    if (result.kind === 'ACCEPTED') {
      await runtime.doorbells.recordReported(endpointId, online ? 'OK' : 'UNREACHABLE', sentAt).catch((err: unknown) => runtime.log.warn('change report not recorded', { endpointId, ...errorSummary(err) }));
      return log('ACCEPTED', attempt);
    }
    if (result.kind === 'FORBIDDEN') return log('REFUSED', attempt, { status: 403 });
    rejected = result.kind === 'UNAUTHORIZED' ? user.accessToken : undefined;
    last = { status: result.status };
  }
  return log('FAILED', attempts, last.status ? { status: last.status } : {});
}
