/**
 * A real SignalingClient (the SDK the pages use) connected to a world's KVS emulator as master or
 * viewer, signing as the local account. A master given an answer sends it back at once for every
 * offer, so a round trip measures the emulator and the caller, not a camera.
 */
import { Role, SignalingClient } from 'amazon-kinesis-video-streams-webrtc';
import WebSocket from 'ws';
import { LocalRequestSigner } from '../camera/kvs/local-request-signer.js';
import type { LocalAccount } from '../infra/local/world/index.js';

// Node 20 has no global WebSocket; the SDK's SignalingClient looks for one.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

export interface PeerOptions {
  kvsEndpoint: string;
  account: LocalAccount;
  channelArn: string;
  role: 'MASTER' | 'VIEWER';
  clientId?: string;
  /** A master's answer to every offer. */
  answer?: string;
}

/** Resolves once the socket is open; rejects if it closes first. */
export function openPeer(o: PeerOptions): Promise<SignalingClient> {
  const client = new SignalingClient({
    channelARN: o.channelArn,
    channelEndpoint: o.kvsEndpoint.replace(/^http/, 'ws'),
    region: o.account.region,
    role: o.role === 'MASTER' ? Role.MASTER : Role.VIEWER,
    ...(o.clientId ? { clientId: o.clientId } : {}),
    requestSigner: new LocalRequestSigner(o.account.region, o.account.credentials),
  });
  const answer = o.answer;
  if (answer) client.on('sdpOffer', (_offer: unknown, senderClientId: string) => client.sendSdpAnswer({ type: 'answer', sdp: answer } as RTCSessionDescription, senderClientId));
  client.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    client.once('open', () => resolve(client));
    client.once('close', () => reject(new Error(`the ${o.role} socket closed before it opened`)));
    client.open();
  });
}
