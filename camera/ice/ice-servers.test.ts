import { CreateSignalingChannelCommand, KinesisVideoClient } from '@aws-sdk/client-kinesis-video';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld } from '../../infra/local/world/index.js';
import type { DoorbellAccess } from '../access/doorbell-access.js';
import { resolveChannelEndpoints } from '../kvs/channel.js';
import { waitFor } from '../testing/wait-for.js';
import { IceServerCache, kvsStunUrl } from './ice-servers.js';

const startIceWorld = () => startWorld({ kvs: { iceServers: [{ Uris: ['turn:127.0.0.1:3478?transport=udp', 'turns:127.0.0.1:5349?transport=tcp'], Username: 'user', Password: 'pass', Ttl: 1 }] } });
let world: Awaited<ReturnType<typeof startIceWorld>>;
let emulator: (typeof world)['kvs'];
let access: DoorbellAccess;

beforeAll(async () => {
  world = await startIceWorld();
  emulator = world.kvs;
  const { region, credentials } = world.account;
  const control = new KinesisVideoClient({ region, endpoint: emulator.endpoint, credentials, maxAttempts: 1 });
  const created = await control.send(new CreateSignalingChannelCommand({ ChannelName: 'ice-test' }));
  control.destroy();
  access = {
    endpointId: 'ice-test',
    name: 'ICE test',
    region,
    channelName: 'ice-test',
    channelArn: created.ChannelARN!,
    kvsEndpoint: emulator.endpoint,
    deviceApiUrl: 'http://127.0.0.1:1',
    deviceApiSigning: { region, service: 'lambda' },
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
  };
});

afterAll(() => world?.close());

describe('IceServerCache', () => {
  it('turns GetIceServerConfig into RTCIceServers and refreshes them before their TTL runs out', async () => {
    const { https } = await resolveChannelEndpoints(access, 'MASTER');
    const seen: RTCIceServer[][] = [];
    emulator.control.resetCounters();
    const cache = new IceServerCache({ access, httpsEndpoint: https, minRefreshMs: 100, onChange: (s) => seen.push(s) });
    const first = await cache.refresh();
    // Local runs use the emulator's list only; AWS would add KVS's own STUN server.
    expect(first).toEqual([{ urls: ['turn:127.0.0.1:3478?transport=udp', 'turns:127.0.0.1:5349?transport=tcp'], username: 'user', credential: 'pass' }]);
    expect(cache.current()).toBe(first);
    // TTL 1 s: refreshed at 80 % of it, again and again.
    await waitFor(() => seen.length, (n) => n >= 3, 10_000, 'refreshes');
    expect(emulator.control.counters().GetIceServerConfig).toBeGreaterThanOrEqual(3);
    cache.close();
    const settled = seen.length;
    await new Promise((r) => setTimeout(r, 1_200));
    expect(seen.length).toBe(settled);
  });

  it('keeps the last good list when a refresh fails, and keeps retrying', async () => {
    const { https } = await resolveChannelEndpoints(access, 'MASTER');
    // Temporary credentials that expire after the first fetch: later refreshes are refused.
    const temporary = { accessKeyId: 'ICETESTTEMPKEY', secretAccessKey: 'ice-test-temp-secret', sessionToken: 'ice-test-token' };
    emulator.addCredentials({ ...temporary, expiration: new Date(Date.now() + 1_000) });
    const errors: unknown[] = [];
    const cache = new IceServerCache({ access: { ...access, credentials: temporary }, httpsEndpoint: https, minRefreshMs: 100, retryMs: 100, onError: (e) => errors.push(e) });
    const good = await cache.refresh();
    expect(good).toHaveLength(1);
    await waitFor(() => errors.length, (n) => n >= 2, 10_000, 'failed refreshes');
    expect((errors[0] as { name?: string }).name).toMatch(/Expired|Unrecognized|NotAuthorized/);
    expect(cache.current()).toEqual(good);
    cache.close();
  });

  it('signs each fetch with what the credentials provider hands out then: a renewal reaches the next refresh', async () => {
    const { https } = await resolveChannelEndpoints(access, 'MASTER');
    const sets = [1, 2].map((i) => ({ accessKeyId: `ICERENEWKEY${i}`, secretAccessKey: `ice-renew-secret-${i}`, sessionToken: `ice-renew-token-${i}` }));
    emulator.addCredentials({ ...sets[0]!, expiration: new Date(Date.now() + 1_500) });
    emulator.addCredentials({ ...sets[1]!, expiration: new Date(Date.now() + 60_000) });
    let current = sets[0]!;
    const errors: unknown[] = [];
    const seen: RTCIceServer[][] = [];
    // As a page's keeper: the credentials of the moment, with their expiration so that the SDK asks again.
    const provider = async () => ({ ...current, expiration: new Date(Date.now() + 1_000) });
    const cache = new IceServerCache({ access: { ...access, credentials: provider }, httpsEndpoint: https, minRefreshMs: 100, retryMs: 100, onError: (e) => errors.push(e), onChange: (l) => seen.push(l) });
    await cache.refresh();
    current = sets[1]!;
    await new Promise((r) => setTimeout(r, 2_500));
    const after = seen.length;
    await waitFor(() => seen.length, (n) => n > after, 5_000, 'a refresh after the first set expired');
    cache.close();
    expect(errors).toEqual([]);
  });

  it('names the regional KVS STUN server for AWS', () => {
    expect(kvsStunUrl('eu-west-1')).toBe('stun:stun.kinesisvideo.eu-west-1.amazonaws.com:443');
    expect(kvsStunUrl('cn-north-1')).toBe('stun:stun.kinesisvideo.cn-north-1.amazonaws.com.cn:443');
  });
});
