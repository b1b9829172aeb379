import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CreateSignalingChannelCommand } from '@aws-sdk/client-kinesis-video';
import { startKvsEmulator, type KvsEmulator } from './index.js';
import { LocalRequestSigner } from '../../../camera/kvs/local-request-signer.js';
import { controlClient, TEST_CREDENTIALS, TestPeer } from './test-support.js';
import { LOCAL_REGION } from '../local-account.js';

let emu: KvsEmulator;
let n = 0;

beforeAll(async () => {
  emu = await startKvsEmulator({ credentials: TEST_CREDENTIALS, goAwayGraceMs: 200 });
});
afterAll(() => emu.close());
afterEach(() => emu.control.setFault(undefined));

async function newChannel(): Promise<string> {
  return (await controlClient(emu.endpoint).send(new CreateSignalingChannelCommand({ ChannelName: `fault-${++n}` }))).ChannelARN!;
}

/** A raw socket, to see what the SDK hides: GO_AWAY frames and close codes. */
async function rawSocket(arn: string, clientId?: string) {
  const url = await new LocalRequestSigner(LOCAL_REGION, TEST_CREDENTIALS).getSignedURL(emu.endpoint.replace('http', 'ws'), {
    'X-Amz-ChannelARN': arn,
    ...(clientId ? { 'X-Amz-ClientId': clientId } : {}),
  });
  const ws = new WebSocket(url);
  const frames: unknown[] = [];
  ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
  const closed = new Promise<{ code: number; framesAtClose: unknown[] }>((resolve) => ws.on('close', (code) => resolve({ code, framesAtClose: [...frames] })));
  await new Promise((r, j) => { ws.once('open', r); ws.once('error', j); });
  return { ws, frames, closed };
}

describe('faults on demand', () => {
  it('closes a socket that stays idle longer than the idle timeout', async () => {
    const arn = await newChannel();
    emu.control.setFault({ idleTimeoutMs: 300 });
    const master = new TestPeer({ endpoint: emu.endpoint, channelArn: arn, role: 'MASTER' });
    await master.open();
    await master.closed;
    expect(emu.control.clients(arn).master).toBe(false);
  });

  it('closes any socket after the maximum connection duration', async () => {
    const arn = await newChannel();
    emu.control.setFault({ maxConnectionMs: 300 });
    const raw = await rawSocket(arn, 'busy-viewer');
    const chatter = setInterval(() => raw.ws.send(JSON.stringify({ action: 'ICE_CANDIDATE', messagePayload: 'e30=' })), 50);
    const { code } = await raw.closed;
    clearInterval(chatter);
    expect(code).toBe(1001);
    expect(emu.control.clients(arn).viewers).toEqual([]);
  });

  it('sends GO_AWAY and then closes the socket', async () => {
    const arn = await newChannel();
    const raw = await rawSocket(arn);
    await emu.control.waitForMaster(arn);
    expect(emu.control.goAway(arn)).toBe(true);
    const { code, framesAtClose } = await raw.closed;
    expect(framesAtClose).toEqual([{ messageType: 'GO_AWAY' }]);
    expect(code).toBe(1001);
  });

  it('drops a client abruptly, without a close frame', async () => {
    const arn = await newChannel();
    const viewer = await rawSocket(arn, 'dropped-viewer');
    const master = new TestPeer({ endpoint: emu.endpoint, channelArn: arn, role: 'MASTER' });
    await master.open();
    expect(emu.control.dropClient(arn, 'dropped-viewer')).toBe(true);
    expect((await viewer.closed).code).toBe(1006);
    expect(emu.control.dropClient(arn)).toBe(true);
    await master.closed;
    expect(emu.control.clients(arn)).toEqual({ master: false, viewers: [] });
  });

  it('reports false for a client that is not connected', async () => {
    const arn = await newChannel();
    expect(emu.control.dropClient(arn)).toBe(false);
    expect(emu.control.goAway(arn, 'nobody')).toBe(false);
  });

  it('waitForMaster rejects when no master comes', async () => {
    const arn = await newChannel();
    await expect(emu.control.waitForMaster(arn, 100)).rejects.toThrow(/No master/);
  });
});
