import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { CreateSignalingChannelCommand } from '@aws-sdk/client-kinesis-video';
import { launchChromium } from '../../../camera/testing/chromium.js';
import { startKvsEmulator, type KvsEmulator } from './index.js';
import { controlClient, TEST_CREDENTIALS, TestPeer } from './test-support.js';

// What a camera or viewer page does, bundled as pages are: the SDK v3 clients called straight
// from the page's origin (CORS), then the SDK's SignalingClient on ws:// with LocalRequestSigner.
const PAGE_SCRIPT = `
import './camera/browser-globals.ts';
import { KinesisVideoClient, DescribeSignalingChannelCommand, GetSignalingChannelEndpointCommand } from '@aws-sdk/client-kinesis-video';
import { KinesisVideoSignalingClient, GetIceServerConfigCommand } from '@aws-sdk/client-kinesis-video-signaling';
import { SignalingClient, Role } from 'amazon-kinesis-video-streams-webrtc';
import { LocalRequestSigner } from './camera/kvs/local-request-signer.ts';

window.runViewer = async ({ endpoint, channelName, credentials }) => {
  const region = 'us-east-1';
  const kv = new KinesisVideoClient({ region, endpoint, credentials });
  const info = (await kv.send(new DescribeSignalingChannelCommand({ ChannelName: channelName }))).ChannelInfo;
  const eps = (await kv.send(new GetSignalingChannelEndpointCommand({
    ChannelARN: info.ChannelARN, SingleMasterChannelEndpointConfiguration: { Protocols: ['WSS', 'HTTPS'], Role: 'VIEWER' },
  }))).ResourceEndpointList;
  const wss = eps.find((e) => e.Protocol === 'WSS').ResourceEndpoint;
  const https = eps.find((e) => e.Protocol === 'HTTPS').ResourceEndpoint;
  const ice = await new KinesisVideoSignalingClient({ region, endpoint: https, credentials }).send(new GetIceServerConfigCommand({ ChannelARN: info.ChannelARN }));
  const client = new SignalingClient({
    channelARN: info.ChannelARN, channelEndpoint: wss, region, role: Role.VIEWER, clientId: 'browser-viewer',
    requestSigner: new LocalRequestSigner(region, credentials),
  });
  const answer = new Promise((resolve) => client.on('sdpAnswer', (a) => resolve(a)));
  await new Promise((resolve, reject) => { client.on('open', resolve); client.on('close', () => reject(new Error('closed'))); client.open(); });
  client.sendSdpOffer({ type: 'offer', sdp: 'v=0 from the browser' });
  const got = await answer;
  client.close();
  return { wss, iceServers: ice.IceServerList.length, answerSdp: got.sdp };
};
`;

let emu: KvsEmulator;
let browser: Browser;
let server: Server;
let origin: string;

beforeAll(async () => {
  const bundle = await build({
    stdin: { contents: PAGE_SCRIPT, resolveDir: fileURLToPath(new URL('../../../', import.meta.url)), loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    define: { global: 'globalThis' },
    write: false,
    logLevel: 'silent',
  });
  const js = bundle.outputFiles[0]!.text;
  server = createServer((req, res) => {
    if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(js);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><script type="module" src="/page.js"></script>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  // The page's origin is the one the emulator lets a browser call it from (the stack's pages, in a world).
  emu = await startKvsEmulator({ credentials: TEST_CREDENTIALS, iceServers: [{ Uris: ['stun:127.0.0.1:3478'] }], pageOrigins: () => [origin] });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  await emu?.close();
});

describe('the real clients in headless Chromium', () => {
  it('call the emulator from another origin and signal over ws:// with LocalRequestSigner', async () => {
    const channelArn = (await controlClient(emu.endpoint).send(new CreateSignalingChannelCommand({ ChannelName: 'browser-door-2' }))).ChannelARN!;
    const master = new TestPeer({ endpoint: emu.endpoint, channelArn, role: 'MASTER' });
    await master.open();
    master.client.on('sdpOffer', (_o: unknown, sender: string) => master.client.sendSdpAnswer({ type: 'answer', sdp: 'v=0 from node' } as RTCSessionDescription, sender));

    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => typeof (window as unknown as { runViewer?: unknown }).runViewer === 'function', undefined, { timeout: 10_000 }).catch((e: Error) => {
      throw new Error(`${e.message}; page errors: ${pageErrors.join(' | ')}`);
    });
    const result = await page.evaluate(
      (args) => (window as unknown as { runViewer: (a: unknown) => Promise<unknown> }).runViewer(args),
      { endpoint: emu.endpoint, channelName: 'browser-door-2', credentials: TEST_CREDENTIALS },
    );
    expect(result).toEqual({ wss: `ws://127.0.0.1:${emu.port}`, iceServers: 1, answerSdp: 'v=0 from node' });
    const offer = await master.next('sdpOffer');
    expect(offer).toMatchObject({ senderClientId: 'browser-viewer', payload: { sdp: 'v=0 from the browser' } });
    await page.close();
    await master.close();
  });
});
