/** The proactive events this skill sends to Alexa's event gateway. */
import { connectivityProperty, detectionStateProperty, header, isoSeconds, type AlexaResponse } from '../alexa/responses.js';

export interface EventTarget {
  endpointId: string;
  accessToken: string;
}

export function doorbellPress(target: EventTarget, pressedAtMs: number): AlexaResponse {
  return {
    context: { properties: [] },
    event: {
      header: header('Alexa.DoorbellEventSource', 'DoorbellPress'),
      endpoint: { scope: { type: 'BearerToken', token: target.accessToken }, endpointId: target.endpointId },
      payload: { cause: { type: 'PHYSICAL_INTERACTION' }, timestamp: isoSeconds(pressedAtMs) },
    },
  };
}

/** Why connectivity changed: the camera's own heartbeat said so, or the health check found it silent. */
export type ChangeCause = 'PHYSICAL_INTERACTION' | 'PERIODIC_POLL';

/**
 * Motion started or ended, as the camera saw it (cause PHYSICAL_INTERACTION: something moved in
 * front of it). The context carries the endpoint's other property, connectivity: the camera that
 * reports motion is online.
 */
export function motionChangeReport(
  target: EventTarget,
  state: 'DETECTED' | 'NOT_DETECTED',
  atMs: number,
  opts: { cause?: ChangeCause; online?: boolean } = {},
): AlexaResponse {
  return {
    context: { properties: [connectivityProperty(opts.online ?? true, atMs)] },
    event: {
      header: header('Alexa', 'ChangeReport'),
      endpoint: { scope: { type: 'BearerToken', token: target.accessToken }, endpointId: target.endpointId },
      payload: { change: { cause: { type: opts.cause ?? 'PHYSICAL_INTERACTION' }, properties: [detectionStateProperty(state, atMs)] } },
    },
  };
}

/** Connectivity changed: the camera came online or went away. */
export function connectivityChangeReport(target: EventTarget, online: boolean, atMs: number, cause: ChangeCause = 'PHYSICAL_INTERACTION'): AlexaResponse {
  return {
    context: { properties: [] },
    event: {
      header: header('Alexa', 'ChangeReport'),
      endpoint: { scope: { type: 'BearerToken', token: target.accessToken }, endpointId: target.endpointId },
      payload: { change: { cause: { type: cause }, properties: [connectivityProperty(online, atMs)] } },
    },
  };
}
