/**
 * Alexa ReportState -> StateReport: the camera's connectivity from its last heartbeat, and its
 * motion state (NOT_DETECTED until the camera said otherwise, and once it is offline: a camera
 * that cannot see cannot say motion goes on).
 */
import type { RequestHandler } from 'ask-sdk-runtime';
import { authorizeEndpoint, type DirectiveInput } from '../alexa/directive.js';
import { connectivityProperty, detectionStateProperty, eventResponse, type AlexaResponse } from '../alexa/responses.js';
import { isOnline } from '../store/doorbells.js';

export const reportStateHandler: RequestHandler<DirectiveInput, AlexaResponse> = {
  canHandle: ({ header }) => header.namespace === 'Alexa' && header.name === 'ReportState',
  async handle(input) {
    const { runtime } = input;
    const { doorbell, echo } = await authorizeEndpoint(input);
    const now = runtime.now();
    const online = isOnline(doorbell, now, runtime.config.cameraOfflineAfterMs);
    const res = eventResponse('Alexa', 'StateReport', echo, {});
    const motion = online && doorbell.motion === 'DETECTED' ? 'DETECTED' : 'NOT_DETECTED';
    res.context = {
      properties: [connectivityProperty(online, online ? now : (doorbell.lastSeenAt ?? now)), detectionStateProperty(motion, doorbell.motionAt ?? now)],
    };
    return res;
  },
};
