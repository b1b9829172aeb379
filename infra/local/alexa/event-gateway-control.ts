import { EventEmitter } from 'node:events';

/** One request the gateway received, as it answered it. */
export interface ReceivedEvent {
  /** The token's Amazon user; '' when the token was not recognised. */
  userId: string;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  /** Epoch ms. */
  receivedAt: number;
  /** The status the gateway answered. */
  status: number;
  /** The error code answered, when not 202. */
  code?: string;
  namespace?: string;
  name?: string;
  endpointId?: string;
}

/** A scripted answer: a status (with the gateway's usual code for it), or more detail. */
export type ScriptedResponse = number | { status: number; code?: string; delayMs?: number };

/**
 * How a test steers and watches the local event gateway, apart from what it emulates: the
 * requests it received, scripted answers, a user with the skill disabled. No product path uses it.
 */
export interface EventGatewayControl {
  /** Every request received, in order, whatever it was answered. */
  readonly events: ReceivedEvent[];
  /** Resolves with the first recorded request (past or future) that matches. */
  waitForEvent(pred: (e: ReceivedEvent) => boolean, timeoutMs?: number): Promise<ReceivedEvent>;
  /** The next requests get these answers, one each, regardless of their validity. */
  nextResponses(statuses: ScriptedResponse[]): void;
  /** The user turned the skill off: the gateway answers 403 for their events until enabled again. */
  disableSkill(email: string): void;
  enableSkill(email: string): void;
}

/** The control, and what the gateway consults and reports on every request. */
export function eventGatewayControl(): {
  control: EventGatewayControl;
  record(e: ReceivedEvent): void;
  /** The scripted answer for this request, if one is queued. */
  nextScripted(): Exclude<ScriptedResponse, number> | undefined;
  skillDisabled(email: string): boolean;
} {
  const events: ReceivedEvent[] = [];
  const script: Exclude<ScriptedResponse, number>[] = [];
  const disabledEmails = new Set<string>();
  const recorded = new EventEmitter();
  recorded.setMaxListeners(0);
  return {
    control: {
      events,
      waitForEvent(pred, timeoutMs = 5_000) {
        const seen = events.find(pred);
        if (seen) return Promise.resolve(seen);
        return new Promise((resolve, reject) => {
          const onRecorded = (e: ReceivedEvent): void => {
            if (!pred(e)) return;
            clearTimeout(timer);
            recorded.off('recorded', onRecorded);
            resolve(e);
          };
          const timer = setTimeout(() => {
            recorded.off('recorded', onRecorded);
            reject(new Error(`No matching event reached the local event gateway within ${timeoutMs} ms`));
          }, timeoutMs);
          recorded.on('recorded', onRecorded);
        });
      },
      nextResponses(statuses) {
        script.push(...statuses.map((s) => (typeof s === 'number' ? { status: s } : s)));
      },
      disableSkill(email) {
        disabledEmails.add(email.toLowerCase());
      },
      enableSkill(email) {
        disabledEmails.delete(email.toLowerCase());
      },
    },
    record(e) {
      events.push(e);
      recorded.emit('recorded', e);
    },
    nextScripted: () => script.shift(),
    skillDisabled: (email) => disabledEmails.has(email),
  };
}
