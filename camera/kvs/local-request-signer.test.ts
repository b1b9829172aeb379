import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { SigV4RequestSigner } from 'amazon-kinesis-video-streams-webrtc';
import { CreateSignalingChannelCommand } from '@aws-sdk/client-kinesis-video';
import { startWorld } from '../../infra/local/world/index.js';
import { controlClient, TestPeer } from '../../infra/local/kvs/test-support.js';
import { LOCAL_REGION, newLocalCredentials } from '../../infra/local/local-account.js';
import { LocalRequestSigner } from './local-request-signer.js';

const ACCOUNT = newLocalCredentials();
const TEMP = { accessKeyId: 'ASIASIGNERTEST', secretAccessKey: 'signer-temp-secret', sessionToken: 'FwoGZXIvYXdzE+token/with=chars' };
const QUERY = { 'X-Amz-ChannelARN': 'arn:aws:kinesisvideo:us-east-1:000000000000:channel/front-door/1700000000000', 'X-Amz-ClientId': 'viewer-1' };
const DATE = new Date('2026-05-01T10:20:30Z');

const startKvsWorld = () => startWorld({ kvs: true });
let world: Awaited<ReturnType<typeof startKvsWorld>>;
let emu: (typeof world)['kvs'];
let channelArn: string;

beforeAll(async () => {
  world = await startKvsWorld();
  emu = world.kvs;
  channelArn = (await controlClient(emu.endpoint, world.account.credentials).send(new CreateSignalingChannelCommand({ ChannelName: 'signer-door' }))).ChannelARN!;
});
afterAll(() => world?.close());

describe('LocalRequestSigner', () => {
  it('signs a wss:// URL exactly as the SDK default signer does, session token included', async () => {
    for (const creds of [ACCOUNT, TEMP]) {
      const ours = await new LocalRequestSigner(LOCAL_REGION, creds).getSignedURL('wss://m-1234.kinesisvideo.us-east-1.amazonaws.com', QUERY, DATE);
      const theirs = await new SigV4RequestSigner(LOCAL_REGION, creds).getSignedURL('wss://m-1234.kinesisvideo.us-east-1.amazonaws.com', QUERY, DATE);
      expect(ours).toBe(theirs);
    }
  });

  it('signs ws:// URLs, which the SDK default signer refuses', async () => {
    await expect(new SigV4RequestSigner(LOCAL_REGION, ACCOUNT).getSignedURL('ws://127.0.0.1:8081', QUERY, DATE)).rejects.toThrow(/not a secure WebSocket/);
    const url = new URL(await new LocalRequestSigner(LOCAL_REGION, TEMP).getSignedURL('ws://127.0.0.1:8081', QUERY, DATE));
    expect(url.protocol).toBe('ws:');
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe(TEMP.sessionToken);
    expect(url.searchParams.get('X-Amz-Credential')).toBe(`${TEMP.accessKeyId}/20260501/us-east-1/kinesisvideo/aws4_request`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('299');
  });

  it('refuses endpoints that are not WebSocket URLs or that carry a query', async () => {
    const signer = new LocalRequestSigner(LOCAL_REGION, ACCOUNT);
    await expect(signer.getSignedURL('http://127.0.0.1:8081', QUERY)).rejects.toThrow(/not a WebSocket endpoint/);
    await expect(signer.getSignedURL('ws://127.0.0.1:8081/?a=b', QUERY)).rejects.toThrow(/query parameters/);
  });

  it('lets the real SignalingClient join the local emulator with temporary credentials from a provider', async () => {
    emu.addCredentials({ ...TEMP, allowedChannelArns: [channelArn], allowedRoles: ['MASTER'] });
    let asked = 0;
    const provider = async () => {
      asked++;
      return TEMP;
    };
    const master = new TestPeer({ endpoint: emu.endpoint, channelArn, role: 'MASTER', requestSigner: new LocalRequestSigner(LOCAL_REGION, provider) });
    await master.open();
    expect(asked).toBe(1);
    expect(emu.control.clients(channelArn).master).toBe(true);
    await master.close();
  });

  it('bundles for the browser without Node built-ins', async () => {
    const out = await build({
      entryPoints: [fileURLToPath(new URL('./local-request-signer.ts', import.meta.url))],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    expect(out.errors).toEqual([]);
    expect(out.outputFiles[0]!.text).not.toMatch(/from\s*["']node:|require\(["'](node:)?crypto["']\)/);
  });
});
