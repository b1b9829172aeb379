/**
 * A doorbell press: DoorbellPress to the owner's Alexa event gateway. Debounced by a conditional
 * write of lastPressAt; the token is refreshed 5 minutes before expiry; a 401 gets one refresh and
 * one retry; a 403 is never retried. The caller learns what happened as a PressOutcome. An
 * accepted press is a history event, and asks the camera for its picture (the camera polls for it).
 */
import { gatewayUrlFor } from '../config.js';
import type { Runtime } from '../runtime.js';
import type { PressOutcome, PressResponse } from '../../contracts/device-api/bodies.js';
import { TokenError } from '../auth/access-token.js';
import { CLIENT_SECRET_FIX } from '../lwa/client.js';
import { doorbellPress } from '../events/messages.js';
import { postEvent, type GatewayResult } from '../events/gateway.js';
import type { UserItem } from '../store/users.js';
import { errorSummary } from '../log.js';

const PRESS_MESSAGES: Record<PressOutcome, string> = {
  DELIVERED: 'Alexa announced the doorbell.',
  DEBOUNCED: 'The doorbell was pressed a moment ago; this press was ignored.',
  NOT_LINKED: 'The owner has not enabled and linked the skill in the Alexa app yet.',
  RELINK_REQUIRED: 'Alexa no longer accepts this link: disable and enable the skill again in the Alexa app.',
  THROTTLED: 'Alexa is receiving too many events; press again in a little while.',
  GATEWAY_ERROR: 'Alexa did not accept the event; try again.',
  LWA_UNAVAILABLE: 'Login with Amazon did not answer while renewing access; try again.',
  SKILL_MISCONFIGURED: CLIENT_SECRET_FIX,
};

function outcome(o: PressOutcome, extra: Partial<PressResponse> = {}): PressResponse {
  return { outcome: o, message: PRESS_MESSAGES[o], ...extra };
}

/** undefined when the doorbell does not exist. */
export async function pressDoorbell(runtime: Runtime, endpointId: string): Promise<PressResponse | undefined> {
  const doorbell = await runtime.doorbells.get(endpointId);
  if (!doorbell) return undefined;
  const userId = await runtime.users.findUserIdByEmail(doorbell.ownerEmail);
  if (!userId) return outcome('NOT_LINKED');
  const pressedAt = runtime.now();
  if (!(await runtime.doorbells.claimPress(endpointId, pressedAt, runtime.config.pressDebounceMs))) return outcome('DEBOUNCED');
  const event = await recordPressEvent(runtime, endpointId, pressedAt);
  let result: PressResponse;
  try {
    result = await deliver(runtime, userId, endpointId, pressedAt);
  } catch (err) {
    await runtime.doorbells.releasePress(endpointId, pressedAt).catch(() => undefined);
    throw err;
  }
  if (result.outcome !== 'DELIVERED') await runtime.doorbells.releasePress(endpointId, pressedAt).catch(() => undefined);
  runtime.log.info('press', { endpointId, outcome: result.outcome, region: result.region });
  return event ? { ...result, eventId: event } : result;
}

/** The press's history event and its request for a picture; a press is announced even when these fail. */
async function recordPressEvent(runtime: Runtime, endpointId: string, pressedAt: number): Promise<string | undefined> {
  try {
    const event = await runtime.events.record(endpointId, 'PRESS', pressedAt);
    await runtime.doorbells.requestSnapshot(endpointId, { eventId: event.eventId, reason: 'PRESS', requestedAt: pressedAt });
    return event.eventId;
  } catch (err) {
    runtime.log.warn('press not recorded in the history', { endpointId, ...errorSummary(err) });
    return undefined;
  }
}

async function deliver(runtime: Runtime, userId: string, endpointId: string, pressedAt: number): Promise<PressResponse> {
  let user: UserItem;
  try {
    user = await runtime.tokens.forUser(userId);
  } catch (err) {
    return tokenFailure(err);
  }
  const region = user.region;
  const send = async (u: UserItem): Promise<{ result: GatewayResult; messageId: string }> => {
    const event = doorbellPress({ endpointId, accessToken: u.accessToken }, pressedAt);
    const result = await postEvent(gatewayUrlFor(runtime.config, u.region), u.accessToken, event);
    return { result, messageId: event.event.header.messageId };
  };
  let sent = await send(user);
  if (sent.result.kind === 'UNAUTHORIZED') {
    try {
      user = await runtime.tokens.forUser(userId, user.accessToken);
    } catch (err) {
      return tokenFailure(err);
    }
    sent = await send(user);
    if (sent.result.kind === 'UNAUTHORIZED') return outcome('RELINK_REQUIRED', { region });
  }
  switch (sent.result.kind) {
    case 'ACCEPTED':
      return outcome('DELIVERED', { messageId: sent.messageId, region });
    case 'FORBIDDEN':
      return outcome('RELINK_REQUIRED', { region });
    case 'THROTTLED':
      return outcome('THROTTLED', { region });
    default:
      runtime.log.warn('event gateway failed', { endpointId, status: sent.result.status });
      return outcome('GATEWAY_ERROR', { region });
  }
}

/** Token problems are outcomes to report; anything else (the store failing) is the handler's to answer. */
function tokenFailure(err: unknown): PressResponse {
  if (err instanceof TokenError) return outcome(err.kind);
  throw err;
}
