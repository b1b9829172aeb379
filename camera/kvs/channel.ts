import {
  ChannelProtocol,
  ChannelRole,
  DescribeSignalingChannelCommand,
  GetSignalingChannelEndpointCommand,
  KinesisVideoClient,
} from '@aws-sdk/client-kinesis-video';
import type { PageConfig } from '../../contracts/page-config.js';

export type KvsRole = 'MASTER' | 'VIEWER';

export interface ChannelEndpoints {
  /** WebSocket signaling endpoint (wss:// on AWS, ws:// on the local emulator). */
  wss: string;
  /** HTTPS data-plane endpoint (GetIceServerConfig, SendAlexaOfferToMaster). */
  https: string;
}

/** Why the channel cannot be used, in words a person can act on. */
export class ChannelError extends Error {
  override name = 'ChannelError';
  constructor(
    message: string,
    readonly kind: 'bad-credentials' | 'channel-not-found' | 'offline' | 'other',
  ) {
    super(message);
  }
}

export function awsCredentials(config: PageConfig) {
  const c = config.credentials;
  return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}) };
}

export function kinesisVideoClient(config: PageConfig): KinesisVideoClient {
  return new KinesisVideoClient({
    region: config.region,
    credentials: awsCredentials(config),
    ...(config.kvsEndpoint ? { endpoint: config.kvsEndpoint } : {}),
    maxAttempts: 2,
  });
}

/** Maps an SDK failure to the failure a person sees. */
export function explainKvsError(error: unknown, config: PageConfig): ChannelError {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = e?.name ?? '';
  if (name === 'ResourceNotFoundException') {
    return new ChannelError(`The signaling channel "${config.channelName}" does not exist in ${config.region}.`, 'channel-not-found');
  }
  if (/UnrecognizedClient|InvalidSignature|AccessDenied|ExpiredToken|NotAuthorized|InvalidClientTokenId|SignatureDoesNotMatch/i.test(name) || e?.$metadata?.httpStatusCode === 403) {
    return new ChannelError('The credentials were refused (wrong or expired). Print a fresh page URL, or restart the local stack.', 'bad-credentials');
  }
  if (name === 'TypeError' || /fetch|network|ECONNREFUSED|Failed to fetch/i.test(e?.message ?? '')) {
    return new ChannelError('Kinesis Video Streams cannot be reached: the computer is offline or the service is down.', 'offline');
  }
  return new ChannelError(`Kinesis Video Streams failed: ${name || 'error'} ${e?.message ?? ''}`.trim(), 'other');
}

/** Checks the channel exists and asks where to signal for the given role. */
export async function resolveChannelEndpoints(config: PageConfig, role: KvsRole, client = kinesisVideoClient(config)): Promise<ChannelEndpoints> {
  try {
    await client.send(new DescribeSignalingChannelCommand({ ChannelARN: config.channelArn }));
    const result = await client.send(
      new GetSignalingChannelEndpointCommand({
        ChannelARN: config.channelArn,
        SingleMasterChannelEndpointConfiguration: {
          Protocols: [ChannelProtocol.WSS, ChannelProtocol.HTTPS],
          Role: role === 'MASTER' ? ChannelRole.MASTER : ChannelRole.VIEWER,
        },
      }),
    );
    const byProtocol = new Map((result.ResourceEndpointList ?? []).map((e) => [e.Protocol, e.ResourceEndpoint]));
    const wss = byProtocol.get(ChannelProtocol.WSS);
    const https = byProtocol.get(ChannelProtocol.HTTPS);
    if (!wss || !https) throw new ChannelError('Kinesis Video Streams returned no signaling endpoint for this channel.', 'other');
    return { wss, https };
  } catch (error) {
    if (error instanceof ChannelError) throw error;
    throw explainKvsError(error, config);
  }
}
