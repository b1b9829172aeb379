/**
 * Every KVS action a page could try on a channel, tried with one set of credentials through the
 * real SDK clients: each action's outcome ('ok' or the SDK's exception name). The button role has
 * no KVS right at all; its tests compare with EVERY_KVS_ACTION_REFUSED.
 */
import { CreateSignalingChannelCommand, DescribeSignalingChannelCommand, GetSignalingChannelEndpointCommand, KinesisVideoClient, ListSignalingChannelsCommand } from '@aws-sdk/client-kinesis-video';
import { GetIceServerConfigCommand, KinesisVideoSignalingClient, SendAlexaOfferToMasterCommand } from '@aws-sdk/client-kinesis-video-signaling';

export interface KvsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The control plane answers AccessDenied; the signaling data plane answers NotAuthorized. */
export const EVERY_KVS_ACTION_REFUSED = {
  describe: 'AccessDeniedException',
  endpointMaster: 'AccessDeniedException',
  endpointViewer: 'AccessDeniedException',
  list: 'AccessDeniedException',
  create: 'AccessDeniedException',
  iceServers: 'NotAuthorizedException',
  alexaOffer: 'NotAuthorizedException',
} as const;

export async function tryEveryKvsAction(o: { region: string; endpoint: string; channelArn: string; credentials: KvsCredentials }): Promise<Record<keyof typeof EVERY_KVS_ACTION_REFUSED, string>> {
  const { accessKeyId, secretAccessKey, sessionToken } = o.credentials;
  const credentials = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  const control = new KinesisVideoClient({ region: o.region, endpoint: o.endpoint, credentials, maxAttempts: 1 });
  const data = new KinesisVideoSignalingClient({ region: o.region, endpoint: o.endpoint, credentials, maxAttempts: 1 });
  const outcome = (p: Promise<unknown>) => p.then(() => 'ok', (e: Error) => e.name);
  const endpoint = (Role: 'MASTER' | 'VIEWER') =>
    new GetSignalingChannelEndpointCommand({ ChannelARN: o.channelArn, SingleMasterChannelEndpointConfiguration: { Protocols: ['WSS', 'HTTPS'], Role } });
  try {
    return {
      describe: await outcome(control.send(new DescribeSignalingChannelCommand({ ChannelARN: o.channelArn }))),
      endpointMaster: await outcome(control.send(endpoint('MASTER'))),
      endpointViewer: await outcome(control.send(endpoint('VIEWER'))),
      list: await outcome(control.send(new ListSignalingChannelsCommand({}))),
      create: await outcome(control.send(new CreateSignalingChannelCommand({ ChannelName: 'made-by-a-page', ChannelType: 'SINGLE_MASTER' }))),
      iceServers: await outcome(data.send(new GetIceServerConfigCommand({ ChannelARN: o.channelArn }))),
      alexaOffer: await outcome(data.send(new SendAlexaOfferToMasterCommand({ ChannelARN: o.channelArn, SenderClientId: 'alexa.x', MessagePayload: 'e30=' }))),
    };
  } finally {
    control.destroy();
    data.destroy();
  }
}
