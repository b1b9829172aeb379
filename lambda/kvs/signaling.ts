/**
 * Alexa's offer to the camera through KVS `SendAlexaOfferToMaster`, and the camera's answer back.
 * The control-plane client, each channel's HTTPS signaling endpoint and the signaling clients are
 * cached for the life of the Lambda, so a warm session start is one AWS call. The KVS SDK clients
 * are imported on first use: directives that never start a session do not load them.
 */
import type { KinesisVideoClient } from '@aws-sdk/client-kinesis-video';
import type { KinesisVideoSignalingClient } from '@aws-sdk/client-kinesis-video-signaling';
import type { SkillConfig } from '../config.js';
import { alexaSenderClientId, decodeSdpMessage, encodeSdpMessage, type SdpMessageProblem } from '../../contracts/kvs/alexa-offer.js';

/** Any failure of the offer exchange. Alexa hears ENDPOINT_UNREACHABLE for each, so only the message tells them apart. */
export class SignalingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignalingError';
  }
}

export interface AlexaOffer {
  channelArn: string;
  sessionId: string;
  sdp: string;
  /** Aborts the whole exchange (endpoint lookup included) when the deadline passes. */
  signal: AbortSignal;
}

export class AlexaOfferSender {
  private control?: Promise<KinesisVideoClient>;
  private readonly endpoints = new Map<string, Promise<string>>();
  private readonly signalingClients = new Map<string, KinesisVideoSignalingClient>();
  private signalingModule?: Promise<typeof import('@aws-sdk/client-kinesis-video-signaling')>;

  constructor(private readonly config: SkillConfig) {}

  /** Sends the offer; resolves the camera's answer SDP or throws SignalingError. */
  async send(offer: AlexaOffer): Promise<string> {
    const [endpoint, { KinesisVideoSignalingClient, SendAlexaOfferToMasterCommand }] = await Promise.all([
      this.endpointOf(offer.channelArn, offer.signal),
      this.loadSignaling(),
    ]);
    const client = this.signalingClient(endpoint, KinesisVideoSignalingClient);
    let answer: string | undefined;
    try {
      const out = await client.send(
        new SendAlexaOfferToMasterCommand({
          ChannelARN: offer.channelArn,
          SenderClientId: alexaSenderClientId(offer.sessionId),
          MessagePayload: encodeSdpMessage('offer', offer.sdp),
        }),
        { abortSignal: offer.signal },
      );
      answer = out.Answer ?? undefined;
    } catch (err) {
      if (offer.signal.aborted) throw new SignalingError('The camera did not answer in time.');
      // The endpoint may have moved or the channel gone: look it up afresh next time.
      this.endpoints.delete(offer.channelArn);
      throw new SignalingError(`SendAlexaOfferToMaster failed: ${errorName(err)}`);
    }
    if (!answer) throw new SignalingError('The camera did not answer.');
    const decoded = decodeSdpMessage(answer, 'answer');
    if ('problem' in decoded) throw new SignalingError(BAD_ANSWER[decoded.problem]);
    return decoded.sdp;
  }

  private endpointOf(channelArn: string, signal: AbortSignal): Promise<string> {
    let pending = this.endpoints.get(channelArn);
    if (!pending) {
      pending = this.lookupEndpoint(channelArn, signal);
      this.endpoints.set(channelArn, pending);
      pending.catch(() => {
        if (this.endpoints.get(channelArn) === pending) this.endpoints.delete(channelArn);
      });
    }
    return pending;
  }

  private async lookupEndpoint(channelArn: string, signal: AbortSignal): Promise<string> {
    const [{ GetSignalingChannelEndpointCommand }, control] = await Promise.all([import('@aws-sdk/client-kinesis-video'), this.controlClient()]);
    try {
      const out = await control.send(
        new GetSignalingChannelEndpointCommand({
          ChannelARN: channelArn,
          SingleMasterChannelEndpointConfiguration: { Protocols: ['HTTPS'], Role: 'MASTER' },
        }),
        { abortSignal: signal },
      );
      const url = out.ResourceEndpointList?.find((e) => e.Protocol === 'HTTPS')?.ResourceEndpoint;
      if (!url) throw new SignalingError('The channel has no HTTPS endpoint.');
      return url;
    } catch (err) {
      if (err instanceof SignalingError) throw err;
      if (signal.aborted) throw new SignalingError('The signaling endpoint lookup timed out.');
      throw new SignalingError(`GetSignalingChannelEndpoint failed: ${errorName(err)}`);
    }
  }

  private controlClient(): Promise<KinesisVideoClient> {
    this.control ??= import('@aws-sdk/client-kinesis-video').then(
      ({ KinesisVideoClient }) =>
        new KinesisVideoClient({
          region: this.config.aws.region,
          endpoint: this.config.aws.endpoints.kinesisVideo,
          credentials: this.config.aws.credentials,
          maxAttempts: 2,
          requestHandler: { connectionTimeout: 1000 },
        }),
    );
    return this.control;
  }

  private loadSignaling() {
    this.signalingModule ??= import('@aws-sdk/client-kinesis-video-signaling');
    return this.signalingModule;
  }

  private signalingClient(endpoint: string, Client: typeof KinesisVideoSignalingClient): KinesisVideoSignalingClient {
    let client = this.signalingClients.get(endpoint);
    if (!client) {
      client = new Client({
        region: this.config.aws.region,
        endpoint,
        credentials: this.config.aws.credentials,
        // A retry would re-send the offer to the camera; the deadline decides instead.
        maxAttempts: 1,
        requestHandler: { connectionTimeout: 1000 },
      });
      this.signalingClients.set(endpoint, client);
    }
    return client;
  }
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : 'Error';
}

/** Anything but an SDP answer means the camera misbehaved. */
const BAD_ANSWER: Record<SdpMessageProblem, string> = {
  NOT_BASE64: 'The answer is not base64.',
  NOT_JSON: 'The answer is not JSON.',
  NOT_SDP: 'The answer is not an SDP answer.',
  CONTROL_CHARACTERS: 'The answer SDP holds control characters.',
};
