/**
 * The skill side of the original sample's approach, for comparison only (never deployed): for every
 * InitiateSessionWithOffer it describes the channel by name, asks for the channel's HTTPS endpoint,
 * creates a signaling client for it and sends the offer; nothing is cached between calls. Same SDK
 * clients as the skill. It does not check the bearer token (the skill answers that from its cache, so
 * leaving it out favours the baseline slightly).
 */
import { DescribeSignalingChannelCommand, GetSignalingChannelEndpointCommand, KinesisVideoClient } from '@aws-sdk/client-kinesis-video';
import { KinesisVideoSignalingClient, SendAlexaOfferToMasterCommand } from '@aws-sdk/client-kinesis-video-signaling';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { DOORBELLS_TABLE, type DoorbellItem } from '../../contracts/tables.js';
import { alexaSenderClientId } from '../../contracts/kvs/alexa-offer.js';

interface Env {
  region: string;
  kvsEndpoint: string;
  dynamoEndpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

type Directive = { directive: { header: { correlationToken?: string }; endpoint: { endpointId: string; scope?: unknown }; payload: { sessionId: string; offer: { value: string } } } };

export function createBaselineSkill(env: Env) {
  const kvs = new KinesisVideoClient({ region: env.region, endpoint: env.kvsEndpoint, credentials: env.credentials });
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: env.region, endpoint: env.dynamoEndpoint, credentials: env.credentials }));
  return async function handle(d: Directive) {
    const { endpoint, payload, header } = d.directive;
    const doorbell = (await doc.send(new GetCommand({ TableName: DOORBELLS_TABLE.defaultName, Key: { endpointId: endpoint.endpointId } }))).Item as DoorbellItem | undefined;
    if (!doorbell) throw new Error('no such doorbell');
    const described = await kvs.send(new DescribeSignalingChannelCommand({ ChannelName: doorbell.channelName }));
    const channelArn = described.ChannelInfo!.ChannelARN!;
    const endpoints = await kvs.send(new GetSignalingChannelEndpointCommand({ ChannelARN: channelArn, SingleMasterChannelEndpointConfiguration: { Protocols: ['HTTPS'], Role: 'MASTER' } }));
    const https = endpoints.ResourceEndpointList!.find((e) => e.Protocol === 'HTTPS')!.ResourceEndpoint!;
    const signaling = new KinesisVideoSignalingClient({ region: env.region, endpoint: https, credentials: env.credentials });
    try {
      const out = await signaling.send(
        new SendAlexaOfferToMasterCommand({
          ChannelARN: channelArn,
          SenderClientId: alexaSenderClientId(payload.sessionId),
          MessagePayload: Buffer.from(JSON.stringify({ type: 'offer', sdp: payload.offer.value })).toString('base64'),
        }),
      );
      const answer = JSON.parse(Buffer.from(out.Answer ?? '', 'base64').toString('utf8')) as { sdp: string };
      return {
        event: {
          header: { namespace: 'Alexa.RTCSessionController', name: 'AnswerGeneratedForSession', messageId: randomUUID(), correlationToken: header.correlationToken, payloadVersion: '3' },
          endpoint,
          payload: { answer: { format: 'SDP', value: answer.sdp } },
        },
      };
    } finally {
      signaling.destroy();
    }
  };
}
