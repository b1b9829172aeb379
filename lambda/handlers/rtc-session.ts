/**
 * Alexa.RTCSessionController: InitiateSessionWithOffer (the offer to the camera over KVS, its answer
 * back within the deadline), SessionConnected and SessionDisconnected (recorded, acknowledged).
 * The offer path writes nothing: on a warm Lambda its only AWS calls are the doorbell's GetItem and
 * SendAlexaOfferToMaster, and a session is recorded once Alexa reports it connected.
 */
import type { RequestHandler } from 'ask-sdk-runtime';
import { authorizeEndpoint, beforeDeadline, parseWith, type DirectiveInput } from '../alexa/directive.js';
import { endpointUnreachable, invalidDirective } from '../alexa/errors.js';
import { eventResponse, type AlexaResponse } from '../alexa/responses.js';
import { InitiateSessionPayloadSchema, SessionPayloadSchema } from '../alexa/schema.js';
import { isOnline } from '../store/doorbells.js';
import { SignalingError } from '../kvs/signaling.js';

const NS = 'Alexa.RTCSessionController';
/** Time kept back from the Lambda's own timeout to return the error response. */
const LAMBDA_MARGIN_MS = 300;

function deadlineSignal(input: DirectiveInput): AbortSignal {
  const { answerDeadlineMs } = input.runtime.config;
  let ms = answerDeadlineMs - (input.runtime.now() - input.startedAt);
  const remaining = input.context?.getRemainingTimeInMillis?.();
  if (typeof remaining === 'number' && remaining > 0) ms = Math.min(ms, remaining - LAMBDA_MARGIN_MS);
  return AbortSignal.timeout(Math.max(1, Math.floor(ms)));
}

export const initiateSessionHandler: RequestHandler<DirectiveInput, AlexaResponse> = {
  canHandle: ({ header }) => header.namespace === NS && header.name === 'InitiateSessionWithOffer',
  async handle(input) {
    const { runtime } = input;
    const payload = parseWith(InitiateSessionPayloadSchema, input.payload, 'payload');
    const signal = deadlineSignal(input);
    const { sdp, echo } = await beforeDeadline(
      (async () => {
        const { doorbell, echo } = await authorizeEndpoint(input, signal);
        if (!isOnline(doorbell, runtime.now(), runtime.config.cameraOfflineAfterMs)) throw endpointUnreachable('The doorbell camera is offline.');
        try {
          return { sdp: await runtime.signaling.send({ channelArn: doorbell.channelArn, sessionId: payload.sessionId, sdp: payload.offer.value, signal }), echo };
        } catch (err) {
          if (err instanceof SignalingError) throw endpointUnreachable(err.message);
          throw err;
        }
      })(),
      signal,
    );
    return eventResponse(NS, 'AnswerGeneratedForSession', echo, { answer: { format: 'SDP', value: sdp } });
  },
};

function sessionStateHandler(name: 'SessionConnected' | 'SessionDisconnected'): RequestHandler<DirectiveInput, AlexaResponse> {
  return {
    canHandle: ({ header }) => header.namespace === NS && header.name === name,
    async handle(input) {
      const { runtime } = input;
      const { sessionId } = parseWith(SessionPayloadSchema, input.payload, 'payload');
      const { user, doorbell, echo } = await authorizeEndpoint(input);
      const state = name === 'SessionConnected' ? 'CONNECTED' : 'DISCONNECTED';
      const ok = await runtime.sessions.record({ sessionId, endpointId: doorbell.endpointId, userId: user.userId, state }, runtime.now());
      if (!ok) throw invalidDirective('The session belongs to another doorbell.');
      return eventResponse(NS, name, echo, { sessionId });
    },
  };
}

export const sessionConnectedHandler = sessionStateHandler('SessionConnected');
export const sessionDisconnectedHandler = sessionStateHandler('SessionDisconnected');
