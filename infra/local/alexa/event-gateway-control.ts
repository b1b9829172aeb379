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

/**
 * How a test steers and watches the local event gateway, apart from what it emulates: the
 * requests it received and scripted answers. No product path uses it.
 */
export interface EventGatewayControl {
  /** Every request received, in order, whatever it was answered. */
  readonly events: ReceivedEvent[];
  /** Resolves with the first recorded request (past or future) that matches. */
  waitForEvent(pred: (e: ReceivedEvent) => boolean, timeoutMs?: number): Promise<ReceivedEvent>;
  /** The next requests get these statuses (with the gateway's code for each), one each, regardless of their validity. */
  nextResponses(statuses: number[]): void;
}

/** The control, and what the gateway consults and reports on every request. */
export function eventGatewayControl(): {
  control: EventGatewayControl;
  record(e: ReceivedEvent): void;
  /** The scripted status for this request, if one is queued. */
  nextScripted(): number | undefined;
} {
  const events: ReceivedEvent[] = [];
  const script: number[] = [];
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
        script.push(...statuses);
      },
    },
    record(e) {
      events.push(e);
      recorded.emit('recorded', e);
    },
    nextScripted: () => script.shift(),
  };
}
