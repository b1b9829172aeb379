/** Alexa ReportState -> StateReport: the camera's connectivity from its last heartbeat. */
import type { RequestHandler } from 'ask-sdk-runtime';
import { authorizeEndpoint, type DirectiveInput } from '../alexa/directive.js';
import { connectivityProperty, eventResponse, type AlexaResponse } from '../alexa/responses.js';
import { isOnline } from '../store/doorbells.js';

export const reportStateHandler: RequestHandler<DirectiveInput, AlexaResponse> = {
  canHandle: ({ header }) => header.namespace === 'Alexa' && header.name === 'ReportState',
  async handle(input) {
    const { runtime } = input;
    const { doorbell, echo } = await authorizeEndpoint(input);
    const now = runtime.now();
    const online = isOnline(doorbell, now, runtime.config.cameraOfflineAfterMs);
    const res = eventResponse('Alexa', 'StateReport', echo, {});
    res.context = { properties: [connectivityProperty(online, online ? now : (doorbell.lastSeenAt ?? now))] };
    return res;
  },
};
