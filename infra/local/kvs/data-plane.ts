import { notAuthorized } from './errors.js';
import { channelFor, type ApiDeps, type Handler } from './api-context.js';
import type { SignalingHub, Peer } from './signaling-hub.js';
import { RULES, str } from './validation.js';

/** One entry of GetIceServerConfig's IceServerList, as KVS writes it. */
export interface IceServer {
  Uris: string[];
  Username?: string;
  Password?: string;
  Ttl?: number;
}

/** A fixed list, or one made per call (a TURN server's credentials are minted for each caller). */
export type IceServerSource = IceServer[] | ((request: { channelArn: string; clientId?: string }) => IceServer[]);

export interface DataPlaneDeps extends ApiDeps {
  hub: SignalingHub<Peer>;
  iceServers: IceServerSource;
  alexaOfferTimeoutMs: () => number;
}

/** The signaling channel's HTTPS API: ICE server configuration and Alexa's offer to the master. */
export function dataPlane(deps: DataPlaneDeps): Record<string, Handler> {
  return {
    GetIceServerConfig(input, ctx) {
      const arn = str(input, 'ChannelARN', { ...RULES.channelArn, required: true });
      const clientId = str(input, 'ClientId', RULES.clientId);
      str(input, 'Service', RULES.iceService);
      str(input, 'Username', RULES.clientId);
      channelFor(deps, ctx, 'GetIceServerConfig', arn, notAuthorized);
      const list = typeof deps.iceServers === 'function' ? deps.iceServers({ channelArn: arn, ...(clientId ? { clientId } : {}) }) : deps.iceServers;
      return { IceServerList: list };
    },

    async SendAlexaOfferToMaster(input, ctx) {
      const arn = str(input, 'ChannelARN', { ...RULES.channelArn, required: true });
      const sender = str(input, 'SenderClientId', { ...RULES.clientId, required: true });
      const payload = str(input, 'MessagePayload', { ...RULES.messagePayload, required: true });
      const channel = channelFor(deps, ctx, 'SendAlexaOfferToMaster', arn, notAuthorized);
      const answer = await deps.hub.sendAlexaOffer(arn, sender, payload, {
        ttlMs: channel.messageTtlSeconds * 1000,
        timeoutMs: deps.alexaOfferTimeoutMs(),
        signal: ctx.signal,
      });
      return { Answer: answer };
    },
  };
}
