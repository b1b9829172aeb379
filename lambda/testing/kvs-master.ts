/**
 * A minimal signaling-channel master for tests: a plain `ws` client connected with a SigV4-presigned
 * URL, answering every SDP_OFFER with a fixed answer (no real WebRTC needed to test the skill).
 */
import WebSocket from 'ws';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { GetSignalingChannelEndpointCommand, KinesisVideoClient } from '@aws-sdk/client-kinesis-video';
import { decodeSdpMessage, encodeSdpMessage } from '../../contracts/kvs/alexa-offer.js';

export interface ReceivedOffer {
  senderClientId: string;
  sdp: string;
}

export interface TestMaster {
  offers: ReceivedOffer[];
  /** What to send back for an offer: an SDP answer, raw payload text (to send garbage), or nothing. */
  setReply(reply: (offer: ReceivedOffer) => { sdp: string } | { rawPayload: string } | undefined): void;
  close(): Promise<void>;
}

/** What the master needs of a world: its KVS emulator and the account to sign as. */
export interface MasterWorld {
  kvs?: { endpoint: string };
  account: { region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
}

export async function connectMaster(world: MasterWorld, channelArn: string, answerSdp: string): Promise<TestMaster> {
  if (!world.kvs) throw new Error('no KVS emulator in this world');
  const kvsEndpoint = world.kvs.endpoint;
  const { region, credentials } = world.account;
  const control = new KinesisVideoClient({ region, endpoint: kvsEndpoint, credentials });
  const out = await control.send(
    new GetSignalingChannelEndpointCommand({ ChannelARN: channelArn, SingleMasterChannelEndpointConfiguration: { Protocols: ['WSS'], Role: 'MASTER' } }),
  );
  control.destroy();
  const wsEndpoint = new URL(out.ResourceEndpointList!.find((e) => e.Protocol === 'WSS')!.ResourceEndpoint!);
  const signer = new SignatureV4({ service: 'kinesisvideo', region, credentials, sha256: Sha256 });
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: wsEndpoint.protocol,
      hostname: wsEndpoint.hostname,
      port: Number(wsEndpoint.port),
      path: wsEndpoint.pathname || '/',
      query: { 'X-Amz-ChannelARN': channelArn },
      headers: { host: wsEndpoint.host },
    },
    { expiresIn: 299 },
  );
  const url = new URL(wsEndpoint.href);
  for (const [k, v] of Object.entries(signed.query ?? {})) url.searchParams.set(k, String(v));
  const ws = new WebSocket(url.href);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`master refused: ${res.statusCode}`)));
  });
  const offers: ReceivedOffer[] = [];
  let reply: Parameters<TestMaster['setReply']>[0] = () => ({ sdp: answerSdp });
  ws.on('message', (data) => {
    let msg: { messageType?: string; messagePayload?: string; senderClientId?: string };
    try {
      msg = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (msg.messageType !== 'SDP_OFFER' || !msg.senderClientId || !msg.messagePayload) return;
    const offer = decodeSdpMessage(msg.messagePayload, 'offer');
    if ('problem' in offer) return;
    const received = { senderClientId: msg.senderClientId, sdp: offer.sdp };
    offers.push(received);
    const r = reply(received);
    if (!r) return;
    const messagePayload = 'rawPayload' in r ? r.rawPayload : encodeSdpMessage('answer', r.sdp);
    ws.send(JSON.stringify({ action: 'SDP_ANSWER', messagePayload, recipientClientId: msg.senderClientId }));
  });
  return {
    offers,
    setReply: (r) => {
      reply = r;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once('close', () => resolve());
        ws.close();
      }),
  };
}
