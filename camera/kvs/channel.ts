import {
  ChannelProtocol,
  ChannelRole,
  DescribeSignalingChannelCommand,
  GetSignalingChannelEndpointCommand,
  KinesisVideoClient,
} from '@aws-sdk/client-kinesis-video';
import type { DoorbellAccess } from '../access/doorbell-access.js';

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

/** The page's credentials as the SDK asks for them on every call (so a renewal reaches it). */
export function kinesisVideoClient(access: DoorbellAccess): KinesisVideoClient {
  return new KinesisVideoClient({
    region: access.region,
    credentials: access.credentials,
    ...(access.kvsEndpoint ? { endpoint: access.kvsEndpoint } : {}),
    maxAttempts: 2,
  });
}

/** Maps an SDK failure to the failure a person sees. */
export function explainKvsError(error: unknown, access: Pick<DoorbellAccess, 'channelName' | 'region'>): ChannelError {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = e?.name ?? '';
  if (name === 'ResourceNotFoundException') {
    return new ChannelError(`The signaling channel "${access.channelName}" does not exist in ${access.region}.`, 'channel-not-found');
  }
  if (/UnrecognizedClient|InvalidSignature|AccessDenied|ExpiredToken|NotAuthorized|InvalidClientTokenId|SignatureDoesNotMatch/i.test(name) || e?.$metadata?.httpStatusCode === 403) {
    return new ChannelError("Kinesis Video Streams refused this page's credentials (wrong or expired); getting new ones.", 'bad-credentials');
  }
  if (name === 'TypeError' || /fetch|network|ECONNREFUSED|Failed to fetch/i.test(e?.message ?? '')) {
    return new ChannelError('Kinesis Video Streams cannot be reached: the computer is offline or the service is down.', 'offline');
  }
  return new ChannelError(`Kinesis Video Streams failed: ${name || 'error'} ${e?.message ?? ''}`.trim(), 'other');
}

/** Checks the channel exists and asks where to signal for the given role. */
export async function resolveChannelEndpoints(access: DoorbellAccess, role: KvsRole, client = kinesisVideoClient(access)): Promise<ChannelEndpoints> {
  try {
    await client.send(new DescribeSignalingChannelCommand({ ChannelARN: access.channelArn }));
    const result = await client.send(
      new GetSignalingChannelEndpointCommand({
        ChannelARN: access.channelArn,
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
    throw explainKvsError(error, access);
  }
}
