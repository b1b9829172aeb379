import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateSignalingChannelCommand, GetSignalingChannelEndpointCommand } from '@aws-sdk/client-kinesis-video';
import { SendAlexaOfferToMasterCommand } from '@aws-sdk/client-kinesis-video-signaling';
import { startKvsEmulator, type KvsEmulator } from './index.js';
import { controlClient, signalingApiClient, TEST_CREDENTIALS, TestPeer, until } from './test-support.js';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64');
const ALEXA_OFFER = b64({ type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=alexa\r\n' });
const CAMERA_ANSWER = b64({ type: 'answer', sdp: 'v=0\r\no=- 9 2 IN IP4 127.0.0.1\r\ns=camera\r\na=end-of-candidates\r\n' });

let emu: KvsEmulator;
let channelArn: string;
let httpsEndpoint: string;

beforeAll(async () => {
  emu = await startKvsEmulator({ credentials: TEST_CREDENTIALS, alexaOfferTimeoutMs: 1500 });
  const kv = controlClient(emu.endpoint);
  channelArn = (await kv.send(new CreateSignalingChannelCommand({ ChannelName: 'alexa-offer-door' }))).ChannelARN!;
  const ep = await kv.send(new GetSignalingChannelEndpointCommand({
    ChannelARN: channelArn,
    SingleMasterChannelEndpointConfiguration: { Protocols: ['HTTPS'], Role: 'MASTER' },
  }));
  httpsEndpoint = ep.ResourceEndpointList![0]!.ResourceEndpoint!;
});
afterAll(() => emu.close());

/** A master that answers every offer from an `alexa.` client with CAMERA_ANSWER. */
function answeringMaster(): TestPeer {
  const master = new TestPeer({ endpoint: emu.endpoint, channelArn, role: 'MASTER' });
  master.client.on('sdpOffer', (_offer: unknown, senderClientId: string) => {
    master.client.sendSdpAnswer(JSON.parse(Buffer.from(CAMERA_ANSWER, 'base64').toString()), senderClientId);
  });
  return master;
}

describe('SendAlexaOfferToMaster', () => {
  it('is answered by a connected master, which sees the offer from the request SenderClientId', async () => {
    const master = answeringMaster();
    await master.open();
    const client = signalingApiClient(httpsEndpoint);
    const out = await client.send(new SendAlexaOfferToMasterCommand({ ChannelARN: channelArn, SenderClientId: 'alexa.session-1', MessagePayload: ALEXA_OFFER }));
    expect(Buffer.from(out.Answer!, 'base64').toString()).toContain('s=camera');
    const seen = await master.next('sdpOffer');
    expect(seen.senderClientId).toBe('alexa.session-1');
    expect((seen.payload as { sdp: string }).sdp).toContain('s=alexa');
    await master.close();
  });

  it('is answered by a master that connects after the offer was sent', async () => {
    const client = signalingApiClient(httpsEndpoint);
    const before = emu.control.counters().SendAlexaOfferToMaster ?? 0;
    const pending = client.send(new SendAlexaOfferToMasterCommand({ ChannelARN: channelArn, SenderClientId: 'alexa.session-2', MessagePayload: ALEXA_OFFER }));
    await until(() => (emu.control.counters().SendAlexaOfferToMaster ?? 0) > before);
    expect(emu.control.clients(channelArn).master).toBe(false);
    const master = answeringMaster();
    await master.open();
    const out = await pending;
    expect(Buffer.from(out.Answer!, 'base64').toString()).toContain('s=camera');
    expect((await master.next('sdpOffer')).senderClientId).toBe('alexa.session-2');
    await master.close();
  });

  it('returns a null answer when no master answers in time', async () => {
    const silent = new TestPeer({ endpoint: emu.endpoint, channelArn, role: 'MASTER' });
    await silent.open();
    const client = signalingApiClient(httpsEndpoint);
    const out = await client.send(new SendAlexaOfferToMasterCommand({ ChannelARN: channelArn, SenderClientId: 'alexa.session-3', MessagePayload: ALEXA_OFFER }));
    expect(out.Answer).toBeUndefined();
    expect((await silent.next('sdpOffer')).senderClientId).toBe('alexa.session-3');
    await silent.close();
  });

  it('counts the calls per API action', async () => {
    const counts = emu.control.counters();
    expect(counts.SendAlexaOfferToMaster).toBe(3);
    expect(counts.ConnectAsMaster).toBe(3);
    emu.control.resetCounters();
    expect(emu.control.counters()).toEqual({});
  });
});
