/** The Alexa event gateway (infra/local/alexa/event-gateway.ts), vouched for by the world's LWA. */
import { startEventGateway, type LocalEventGateway } from '../../alexa/event-gateway.js';
import type { Part } from '../types.js';

export type GatewayOptions = Record<string, never>;
export type GatewayHandle = LocalEventGateway;

export const gatewayPart: Part<'gateway', 'lwa'> = {
  needs: ['lwa'],
  async start(_options, { lwa }, ctx) {
    const gateway = await startEventGateway({ lwa, host: ctx.host, port: ctx.port('eventGateway') });
    ctx.log(`Alexa event gateway on ${gateway.endpoint}`);
    return { handle: gateway, stop: () => gateway.close(), service: { name: 'Alexa event gateway', url: gateway.endpoint } };
  },
};
