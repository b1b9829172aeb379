/** Alexa ReportState -> StateReport: the camera's connectivity from its last heartbeat. */
import type { RequestHandler } from 'ask-sdk-runtime';
import { authorizeEndpoint, type DirectiveInput } from '../alexa/directive.js';
import { connectivityProperty, eventResponse, type AlexaResponse } from '../alexa/responses.js';
import { isOnline } from '../store/doorbells.js';

export const reportStateHandler: RequestHandler<DirectiveInput, AlexaResponse> = {
  canHandle: ({ header }) => header.namespace === 'Alexa' && header.name === 'ReportState',
  async handle(input) {
    const { doorbell } = await authorizeEndpoint(input);
    const now = input.rt.now();
    const online = isOnline(doorbell, now, input.rt.config.cameraOfflineAfterMs);
    const res = eventResponse('Alexa', 'StateReport', input.echo, {});
    res.context = { properties: [connectivityProperty(online, online ? now : (doorbell.lastSeenAt ?? now))] };
    return res;
  },
};
