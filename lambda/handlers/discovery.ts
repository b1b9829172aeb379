/** Alexa.Discovery Discover -> Discover.Response with the doorbells the linked user owns. */
import type { RequestHandler } from 'ask-sdk-runtime';
import { parseWith, type DirectiveInput } from '../alexa/directive.js';
import { eventResponse, type AlexaResponse } from '../alexa/responses.js';
import { DiscoverPayloadSchema } from '../alexa/schema.js';
import type { DoorbellItem } from '../../contracts/tables.js';

const MANUFACTURER = 'Alexa Video Doorbell';

const cut = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);

export function discoveryEndpoint(item: DoorbellItem) {
  return {
    endpointId: item.endpointId,
    manufacturerName: MANUFACTURER,
    friendlyName: cut(item.name, 128),
    description: cut(item.description ?? 'Video doorbell with a browser camera', 128),
    // CAMERA first: the Echo Show pops up the live feed on a press only with this order.
    displayCategories: ['CAMERA', 'DOORBELL'],
    additionalAttributes: {
      manufacturer: MANUFACTURER,
      model: 'Browser camera doorbell',
      softwareVersion: '0.1.0',
      customIdentifier: cut(item.endpointId, 256),
    },
    cookie: {},
    capabilities: [
      { type: 'AlexaInterface', interface: 'Alexa', version: '3' },
      {
        type: 'AlexaInterface',
        interface: 'Alexa.RTCSessionController',
        version: '3',
        configuration: { isFullDuplexAudioSupported: true },
      },
      { type: 'AlexaInterface', interface: 'Alexa.DoorbellEventSource', version: '3', proactivelyReported: true },
      {
        type: 'AlexaInterface',
        interface: 'Alexa.EndpointHealth',
        version: '3',
        properties: { supported: [{ name: 'connectivity' }], proactivelyReported: true, retrievable: true },
      },
      {
        type: 'AlexaInterface',
        interface: 'Alexa.MotionSensor',
        version: '3',
        properties: { supported: [{ name: 'detectionState' }], proactivelyReported: true, retrievable: true },
      },
      // Version 1.1, no properties: Alexa asks for the latest picture with GetSnapshot.
      { type: 'AlexaInterface', interface: 'Alexa.SmartVision.SnapshotProvider', version: '1.1' },
    ],
  };
}

export const discoveryHandler: RequestHandler<DirectiveInput, AlexaResponse> = {
  canHandle: ({ header }) => header.namespace === 'Alexa.Discovery' && header.name === 'Discover',
  async handle({ runtime, header, payload }) {
    const { scope } = parseWith(DiscoverPayloadSchema, payload, 'payload');
    const user = await runtime.profiles.resolve(scope.token);
    const doorbells = await runtime.doorbells.listByOwner(user.email);
    // Alexa accepts at most 300 endpoints per response.
    return eventResponse('Alexa.Discovery', 'Discover.Response', { correlationToken: header.correlationToken }, {
      endpoints: doorbells.slice(0, 300).map(discoveryEndpoint),
    });
  },
};
