import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CreateSignalingChannelCommand } from '@aws-sdk/client-kinesis-video';
import { startKvsEmulator, type KvsEmulator } from './index.js';
import { LocalRequestSigner } from '../../../camera/kvs/local-request-signer.js';
import { answer, candidate, controlClient, offer, TEST_CREDENTIALS, TestPeer, until } from './test-support.js';
import { LOCAL_REGION } from '../local-account.js';
import { encodeSdpMessage, MAX_MESSAGE_PAYLOAD_CHARS } from '../../../contracts/kvs/alexa-offer.js';

let emu: KvsEmulator;
let n = 0;

beforeAll(async () => {
  emu = await startKvsEmulator({ credentials: TEST_CREDENTIALS });
});
afterAll(() => emu.close());

async function newChannel(ttl = 60): Promise<string> {
  const out = await controlClient(emu.endpoint).send(new CreateSignalingChannelCommand({ ChannelName: `sig-${++n}`, SingleMasterConfiguration: { MessageTtlSeconds: ttl } }));
  return out.ChannelARN!;
}

const peers: TestPeer[] = [];
function peer(channelArn: string, role: 'MASTER' | 'VIEWER', clientId?: string, extra: Partial<ConstructorParameters<typeof TestPeer>[0]> = {}): TestPeer {
  const p = new TestPeer({ endpoint: emu.endpoint, channelArn, role, ...(clientId ? { clientId } : {}), ...extra });
  peers.push(p);
  return p;
}
afterAll(async () => {
  for (const p of peers) p.client.close();
});

/** Opens a raw WebSocket with a URL presigned by `creds`; resolves with the HTTP status of a refused upgrade, or 101. */
async function rawUpgrade(query: Record<string, string>, creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = TEST_CREDENTIALS, date?: Date): Promise<{ status: number; errorType?: string }> {
  const url = await new LocalRequestSigner(LOCAL_REGION, creds).getSignedURL(emu.endpoint.replace('http', 'ws'), query, date);
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('open', () => {
      ws.close();
      resolve({ status: 101 });
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, errorType: String(res.headers['x-amzn-errortype']) });
      res.resume();
    });
    ws.on('error', () => undefined);
  });
}

describe('signaling socket with the real SignalingClient', () => {
  it('lets a master and a viewer exchange an offer, an answer and ICE candidates', async () => {
    const arn = await newChannel();
    const master = peer(arn, 'MASTER');
    await master.open();
    await emu.control.waitForMaster(arn);
    const viewer = peer(arn, 'VIEWER', 'viewer-1');
    await viewer.open();
    expect(emu.control.clients(arn)).toEqual({ master: true, viewers: ['viewer-1'] });

    viewer.client.sendSdpOffer(offer(1) as RTCSessionDescription);
    viewer.client.sendIceCandidate(candidate(1) as RTCIceCandidate);
    const gotOffer = await master.next('sdpOffer');
    expect(gotOffer).toEqual({ type: 'sdpOffer', payload: offer(1), senderClientId: 'viewer-1' });
    expect(await master.next('iceCandidate')).toEqual({ type: 'iceCandidate', payload: candidate(1), senderClientId: 'viewer-1' });

    master.client.sendSdpAnswer(answer(1) as RTCSessionDescription, 'viewer-1');
    master.client.sendIceCandidate(candidate(2) as RTCIceCandidate, 'viewer-1');
    expect((await viewer.next('sdpAnswer')).payload).toEqual(answer(1));
    const cand = await viewer.next('iceCandidate');
    expect(cand.payload).toEqual(candidate(2));
    // Frames to a viewer carry no sender.
    expect(cand.senderClientId).toBeUndefined();
  });

  it('routes the master messages to the named viewer only', async () => {
    const arn = await newChannel();
    const master = peer(arn, 'MASTER');
    await master.open();
    const a = peer(arn, 'VIEWER', 'viewer-a');
    const b = peer(arn, 'VIEWER', 'viewer-b');
    await Promise.all([a.open(), b.open()]);
    master.client.sendSdpAnswer(answer(7) as RTCSessionDescription, 'viewer-b');
    master.client.sendSdpAnswer(answer(8) as RTCSessionDescription, 'viewer-a');
    expect((await b.next('sdpAnswer')).payload).toEqual(answer(7));
    expect((await a.next('sdpAnswer')).payload).toEqual(answer(8));
    expect(a.received.filter((r) => r.type === 'sdpAnswer')).toHaveLength(1);
    expect(b.received.filter((r) => r.type === 'sdpAnswer')).toHaveLength(1);
  });

  it('answers a failed message that carries a correlationId with STATUS_RESPONSE', async () => {
    const arn = await newChannel();
    const master = peer(arn, 'MASTER');
    await master.open();
    // From the master every message needs a recipient.
    master.client.sendSdpAnswer(answer(1) as RTCSessionDescription, undefined, 'corr-no-recipient');
    const status = await master.next('statusResponse');
    expect(status.payload).toEqual({ correlationId: 'corr-no-recipient', success: false, errorType: 'InvalidArgumentException', statusCode: '400', description: expect.any(String) });

    const viewer = peer(arn, 'VIEWER', 'big-viewer');
    await viewer.open();
    viewer.client.sendSdpOffer({ type: 'offer', sdp: 'x'.repeat(20_000) } as RTCSessionDescription, undefined, 'corr-too-big');
    expect((await viewer.next('statusResponse')).payload).toMatchObject({ correlationId: 'corr-too-big', success: false, errorType: 'InvalidArgumentException' });
  });

  it('carries an answer whose payload is exactly KVS\'s 10,000 characters and refuses one a character longer', async () => {
    /** An answer whose base64 payload has `chars` characters (a multiple of 4: base64 comes in quads). */
    const answerOf = (chars: number) => {
      const sdpWithPad = (pad: number) => `v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=x-pad:${'p'.repeat(pad)}\r\n`;
      const jsonChars = (sdp: string) => JSON.stringify({ type: 'answer', sdp }).length;
      return { type: 'answer', sdp: sdpWithPad((chars / 4) * 3 - jsonChars(sdpWithPad(0))) };
    };
    const fits = answerOf(MAX_MESSAGE_PAYLOAD_CHARS);
    const tooLong = answerOf(MAX_MESSAGE_PAYLOAD_CHARS + 4);
    expect(encodeSdpMessage('answer', fits.sdp)).toHaveLength(10_000);
    expect(encodeSdpMessage('answer', tooLong.sdp)).toHaveLength(10_004);
    const arn = await newChannel();
    const master = peer(arn, 'MASTER');
    await master.open();
    const viewer = peer(arn, 'VIEWER', 'limit-viewer');
    await viewer.open();
    master.client.sendSdpAnswer(tooLong as RTCSessionDescription, 'limit-viewer', 'corr-over-limit');
    expect((await master.next('statusResponse')).payload).toMatchObject({ correlationId: 'corr-over-limit', success: false, errorType: 'InvalidArgumentException' });
    master.client.sendSdpAnswer(fits as RTCSessionDescription, 'limit-viewer', 'corr-at-limit');
    expect((await viewer.next('sdpAnswer')).payload).toEqual(fits);
    expect(viewer.received.filter((r) => r.type === 'sdpAnswer')).toHaveLength(1);
  });

  it('gives the channel to a newer master; the older one stops receiving', async () => {
    const arn = await newChannel();
    const older = peer(arn, 'MASTER');
    await older.open();
    const newer = peer(arn, 'MASTER');
    await newer.open();
    const viewer = peer(arn, 'VIEWER', 'v');
    await viewer.open();
    viewer.client.sendSdpOffer(offer(1) as RTCSessionDescription);
    viewer.client.sendSdpOffer(offer(2) as RTCSessionDescription);
    await newer.next('sdpOffer', (r) => (r.payload as { sdp: string }).sdp === offer(2).sdp);
    expect(older.received).toEqual([]);
  });

  it('admits at most 10 viewers per channel; an 11th is refused with ClientLimitExceededException', async () => {
    const arn = await newChannel();
    const ten = Array.from({ length: 10 }, (_, i) => peer(arn, 'VIEWER', `crowd-${i}`));
    await Promise.all(ten.map((p) => p.open()));
    expect(emu.control.clients(arn).viewers).toHaveLength(10);
    const eleventh = peer(arn, 'VIEWER', 'crowd-10');
    await expect(eleventh.open()).rejects.toThrow('closed before open');
    expect(await rawUpgrade({ 'X-Amz-ChannelARN': arn, 'X-Amz-ClientId': 'crowd-11' })).toEqual({ status: 400, errorType: 'ClientLimitExceededException' });
    // A viewer that reconnects under its own id takes its old place instead.
    const again = peer(arn, 'VIEWER', 'crowd-3');
    await again.open();
    await ten[0]!.close();
    await until(() => emu.control.clients(arn).viewers.length === 9);
    await peer(arn, 'VIEWER', 'crowd-10b').open();
  });

  it('holds messages for a peer that is not connected yet and delivers them when it connects', async () => {
    const arn = await newChannel();
    const early = peer(arn, 'VIEWER', 'early-viewer');
    await early.open();
    early.client.sendSdpOffer(offer(3) as RTCSessionDescription);
    early.client.sendIceCandidate(candidate(3) as RTCIceCandidate);
    await until(() => (emu.control.counters().SendIceCandidate ?? 0) > 0);

    const master = peer(arn, 'MASTER');
    await master.open();
    expect(await master.next('sdpOffer')).toMatchObject({ payload: offer(3), senderClientId: 'early-viewer' });
    expect(await master.next('iceCandidate')).toMatchObject({ payload: candidate(3), senderClientId: 'early-viewer' });

    master.client.sendSdpAnswer(answer(4) as RTCSessionDescription, 'late-viewer');
    master.client.sendIceCandidate(candidate(4) as RTCIceCandidate, 'late-viewer');
    await until(() => (emu.control.counters().SendIceCandidate ?? 0) > 1);
    const late = peer(arn, 'VIEWER', 'late-viewer');
    await late.open();
    expect((await late.next('sdpAnswer')).payload).toEqual(answer(4));
    expect((await late.next('iceCandidate')).payload).toEqual(candidate(4));
  });

  it('accepts the capitalised message keys the C SDK sends', async () => {
    const arn = await newChannel();
    const master = peer(arn, 'MASTER');
    await master.open();
    const url = await new LocalRequestSigner(LOCAL_REGION, TEST_CREDENTIALS).getSignedURL(emu.endpoint.replace('http', 'ws'), { 'X-Amz-ChannelARN': arn, 'X-Amz-ClientId': 'c-sdk' });
    const ws = new WebSocket(url);
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ Action: 'SDP_OFFER', MessagePayload: Buffer.from(JSON.stringify(offer(5))).toString('base64'), CorrelationId: 'c1' }));
    expect(await master.next('sdpOffer')).toMatchObject({ payload: offer(5), senderClientId: 'c-sdk' });
    ws.close();
  });
});

describe('signaling socket authentication', () => {
  it('refuses wrong keys, wrong secrets, expired and future-dated presigned URLs', async () => {
    const arn = await newChannel();
    const q = { 'X-Amz-ChannelARN': arn };
    expect(await rawUpgrade(q)).toEqual({ status: 101 });
    expect(await rawUpgrade(q, { accessKeyId: 'AKIDNOBODY', secretAccessKey: 'x' })).toEqual({ status: 403, errorType: 'UnrecognizedClientException' });
    expect(await rawUpgrade(q, { ...TEST_CREDENTIALS, secretAccessKey: 'wrong' })).toEqual({ status: 403, errorType: 'InvalidSignatureException' });
    expect(await rawUpgrade(q, TEST_CREDENTIALS, new Date(Date.now() - 10 * 60_000))).toEqual({ status: 403, errorType: 'InvalidSignatureException' });
    expect(await rawUpgrade(q, TEST_CREDENTIALS, new Date(Date.now() + 10 * 60_000))).toEqual({ status: 403, errorType: 'InvalidSignatureException' });
    // The real client with its clock 10 minutes behind: the URL has expired on arrival.
    const behind = peer(arn, 'MASTER', undefined, { systemClockOffset: -10 * 60_000 });
    await expect(behind.open()).rejects.toThrow('closed before open');
    expect(emu.control.clients(arn).master).toBe(false);
  });

  it('refuses unknown channels, malformed ARNs, and roles or channels the credentials do not allow', async () => {
    const arn = await newChannel();
    const other = await newChannel();
    expect(await rawUpgrade({ 'X-Amz-ChannelARN': 'arn:aws:kinesisvideo:us-east-1:000000000000:channel/none/1' })).toEqual({ status: 404, errorType: 'ResourceNotFoundException' });
    expect(await rawUpgrade({ 'X-Amz-ChannelARN': 'not-an-arn' })).toEqual({ status: 400, errorType: 'InvalidArgumentException' });
    const camera = { accessKeyId: 'ASIACAMERATEST', secretAccessKey: 'camera-secret', sessionToken: 'camera-token' };
    emu.addCredentials({ ...camera, allowedChannelArns: [arn], allowedRoles: ['MASTER'] });
    expect(await rawUpgrade({ 'X-Amz-ChannelARN': arn }, camera)).toEqual({ status: 101 });
    expect(await rawUpgrade({ 'X-Amz-ChannelARN': arn, 'X-Amz-ClientId': 'sneaky' }, camera)).toEqual({ status: 403, errorType: 'AccessDeniedException' });
    expect(await rawUpgrade({ 'X-Amz-ChannelARN': other }, camera)).toEqual({ status: 403, errorType: 'AccessDeniedException' });
    const { sessionToken: _dropped, ...noToken } = camera;
    expect(await rawUpgrade({ 'X-Amz-ChannelARN': arn }, noToken)).toEqual({ status: 403, errorType: 'UnrecognizedClientException' });
  });

  it('enforces the ConnectAsMaster quota of 3 per second per channel', async () => {
    const strict = await startKvsEmulator({ credentials: TEST_CREDENTIALS, rateLimits: true });
    try {
      const arn = (await controlClient(strict.endpoint).send(new CreateSignalingChannelCommand({ ChannelName: 'quota-door' }))).ChannelARN!;
      const signer = new LocalRequestSigner(LOCAL_REGION, TEST_CREDENTIALS);
      // Signed up front so that the upgrades arrive together.
      const urls = await Promise.all(Array.from({ length: 10 }, () => signer.getSignedURL(strict.endpoint.replace('http', 'ws'), { 'X-Amz-ChannelARN': arn })));
      const outcomes = await Promise.all(urls.map((url) => new Promise<string>((resolve) => {
        const ws = new WebSocket(url);
        ws.on('open', () => resolve('open'));
        ws.on('unexpected-response', (_q, res) => { resolve(`${res.statusCode} ${String(res.headers['x-amzn-errortype'])}`); res.resume(); });
        ws.on('error', () => undefined);
      })));
      expect(outcomes).toContain('open');
      expect(outcomes).toContain('400 ClientLimitExceededException');
    } finally {
      await strict.close();
    }
  });
});
