import { CreateSignalingChannelCommand, KinesisVideoClient } from '@aws-sdk/client-kinesis-video';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld } from '../../infra/local/world/index.js';
import { newLocalCredentials } from '../../infra/local/local-account.js';
import { LocalRequestSigner } from '../kvs/local-request-signer.js';
import { waitFor } from '../testing/wait-for.js';
import { SignalingConnection, type SignalingState } from './signaling-connection.js';

// Node 20 has no global WebSocket; the SDK's SignalingClient looks for one.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

/** The KVS emulator alone, its channels kept in `dataDir` so that a restart finds them again. */
/** One pair for every start: a restarted service still knows the page's key, as the installation's own pair is kept. */
const worldCredentials = newLocalCredentials();
const startKvsWorld = (dataDir: string, goAwayGraceMs?: number) => startWorld({ kvs: goAwayGraceMs ? { goAwayGraceMs } : true }, { dataDir, credentials: worldCredentials });
let dataDir: string;
let world: Awaited<ReturnType<typeof startKvsWorld>>;
let emulator: (typeof world)['kvs'];
let channel: { channelArn: string; region: string };
let credentials: { accessKeyId: string; secretAccessKey: string };

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'kvs-signaling-'));
  world = await startKvsWorld(dataDir, 200);
  emulator = world.kvs;
  const { region } = world.account;
  credentials = { accessKeyId: world.account.credentials.accessKeyId, secretAccessKey: world.account.credentials.secretAccessKey };
  const control = new KinesisVideoClient({ region, endpoint: emulator.endpoint, credentials, maxAttempts: 1 });
  const created = await control.send(new CreateSignalingChannelCommand({ ChannelName: 'signaling-test' }));
  control.destroy();
  channel = { channelArn: created.ChannelARN!, region };
});

afterAll(async () => {
  await world?.close();
  await rm(dataDir, { recursive: true, force: true });
});

function connect(endpoint: () => string) {
  const states: SignalingState[] = [];
  const connection = new SignalingConnection({
    channel,
    role: 'MASTER',
    endpoint: async () => endpoint(),
    signer: () => new LocalRequestSigner(channel.region, credentials),
    backoff: { initialMs: 100, maxMs: 400 },
    onState: (s) => states.push(s),
  });
  connection.start();
  return { connection, states };
}

describe('SignalingConnection', () => {
  it('reconnects at once after GO_AWAY', async () => {
    const { connection, states } = connect(() => emulator.endpoint.replace(/^http/, 'ws'));
    await waitFor(() => connection.currentState.kind, (k) => k === 'open', 10_000, 'open');
    const opened = states.length;
    expect(emulator.control.goAway(channel.channelArn)).toBe(true);
    await waitFor(() => states.slice(opened).some((s) => s.kind === 'open'), Boolean, 10_000, 'a new connection');
    const after = states.slice(opened);
    expect(after.find((s) => s.kind === 'reconnecting')).toMatchObject({ reason: 'GO_AWAY', inMs: 0 });
    connection.stop();
    expect(connection.currentState.kind).toBe('closed');
  });

  it('backs off while the service is gone and comes back when it is reachable again', async () => {
    let current = emulator;
    const { connection, states } = connect(() => current.endpoint.replace(/^http/, 'ws'));
    await waitFor(() => connection.currentState.kind, (k) => k === 'open', 10_000, 'open');
    await world.close();
    await waitFor(() => states.filter((s) => s.kind === 'reconnecting').length, (n) => n >= 3, 10_000, 'several failed attempts');
    const waits = states.filter((s): s is Extract<SignalingState, { kind: 'reconnecting' }> => s.kind === 'reconnecting').map((s) => s.inMs);
    expect(waits.every((ms) => ms >= 50 && ms <= 400)).toBe(true);
    // The service returns (same channels, from disk) at a new address, as after a network change.
    world = await startKvsWorld(dataDir);
    emulator = world.kvs;
    current = emulator;
    await waitFor(() => connection.currentState.kind, (k) => k === 'open', 10_000, 'reopened');
    await emulator.control.waitForMaster(channel.channelArn, 5_000);
    connection.stop();
  });

  it('stops cleanly while its socket is still connecting (no error left unhandled)', async () => {
    // A server that accepts the connection and never answers the upgrade: the socket stays connecting.
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket.resume()));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const { port } = silent.address() as net.AddressInfo;
      const { connection } = connect(() => `ws://127.0.0.1:${port}`);
      await waitFor(() => sockets.length, (n) => n > 0, 10_000, 'the upgrade request');
      expect(connection.currentState.kind).toBe('connecting');
      connection.stop();
      await waitFor(() => sockets[0]!.destroyed, Boolean, 10_000, 'the socket closed');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(uncaught).toEqual([]);
      expect(connection.currentState.kind).toBe('closed');
    } finally {
      process.off('uncaughtException', onUncaught);
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('a stop and a start while the endpoint is still being resolved leave one connection, not two', async () => {
    const resolvers: ((endpoint: string) => void)[] = [];
    let clientsCreated = 0;
    const connection = new SignalingConnection({
      channel,
      role: 'MASTER',
      endpoint: () => new Promise<string>((resolve) => resolvers.push(resolve)),
      signer: () => {
        clientsCreated += 1;
        return new LocalRequestSigner(channel.region, credentials);
      },
    });
    connection.start();
    connection.stop();
    connection.start();
    expect(resolvers).toHaveLength(2);
    const endpoint = emulator.endpoint.replace(/^http/, 'ws');
    resolvers[1]!(endpoint);
    await waitFor(() => connection.currentState.kind, (k) => k === 'open', 10_000, 'open');
    // The endpoint asked for before the stop arrives late.
    resolvers[0]!(endpoint);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(clientsCreated).toBe(1);
    expect(connection.currentState.kind).toBe('open');
    connection.stop();
  });
});
