/** The proactive events this skill sends to Alexa's event gateway. */
import { connectivityProperty, header, isoSeconds, type AlexaResponse } from '../alexa/responses.js';

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

/** Connectivity changed: the camera came online or went away. */
export function connectivityChangeReport(target: EventTarget, online: boolean, atMs: number): AlexaResponse {
  return {
    context: { properties: [] },
    event: {
      header: header('Alexa', 'ChangeReport'),
      endpoint: { scope: { type: 'BearerToken', token: target.accessToken }, endpointId: target.endpointId },
      payload: { change: { cause: { type: 'PHYSICAL_INTERACTION' }, properties: [connectivityProperty(online, atMs)] } },
    },
  };
}
