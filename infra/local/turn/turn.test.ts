/**
 * The local TURN server as the world runs it: coturn on loopback, handed out by the KVS emulator's
 * GetIceServerConfig in KVS's shape with credentials minted per call, which a WebRTC stack that
 * is not a browser (werift) uses to allocate a relay; refused with another secret's; gone when the
 * world closes, and also when the process running it is killed outright.
 */
import { GetIceServerConfigCommand, KinesisVideoSignalingClient } from '@aws-sdk/client-kinesis-video-signaling';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { RTCPeerConnection } from 'werift';
import { describe, expect, it } from 'vitest';
import { LOCAL_REGION } from '../local-account.js';
import { startWorld } from '../world/index.js';
import { restApiCredentials } from './credentials.js';

const HOST = fileURLToPath(new URL('./fixtures/turn-host.ts', import.meta.url));

/** The relay candidates werift gathers through this TURN server, relay only. */
async function relayCandidates(iceServer: { urls: string; username: string; credential: string }): Promise<string[]> {
  const pc = new RTCPeerConnection({ iceServers: [iceServer], iceTransportPolicy: 'relay', iceAdditionalHostAddresses: ['127.0.0.1'] });
  try {
    pc.addTransceiver('audio', { direction: 'sendrecv' });
    await pc.setLocalDescription(await pc.createOffer());
    if (pc.iceGatheringState !== 'complete') await pc.iceGatheringStateChange.watch((s) => s === 'complete', 15_000);
    return (pc.localDescription?.sdp ?? '').split('\r\n').filter((l) => l.startsWith('a=candidate:') && l.includes(' typ relay'));
  } finally {
    await pc.close();
  }
}

/** Starts werift's allocation with credentials coturn should refuse; resolves once coturn's log shows it refused them (werift itself would wait 12 s). */
async function refused(world: { turn: { control: { log(): string; allocations(u?: string): number } } }, iceServer: { urls: string; username: string; credential: string }): Promise<{ refusals: number; allocations: number }> {
  const pc = new RTCPeerConnection({ iceServers: [iceServer], iceTransportPolicy: 'relay', iceAdditionalHostAddresses: ['127.0.0.1'] });
  const refusals = () => world.turn.control.log().split('\n').filter((l) => l.includes(`user <${iceServer.username}>: incoming packet message processed, error 401`)).length;
  try {
    pc.addTransceiver('audio', { direction: 'sendrecv' });
    // werift's setLocalDescription waits for gathering to end; the log says sooner.
    void pc.createOffer().then((offer) => pc.setLocalDescription(offer)).catch(() => undefined);
    const deadline = Date.now() + 5_000;
    while (refusals() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return { refusals: refusals(), allocations: world.turn.control.allocations(iceServer.username) };
  } finally {
    await pc.close();
  }
}

const tcpRefused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const turnserversUnder = (pid: number): number[] => {
  try {
    return execFileSync('pgrep', ['-x', '-P', String(pid), 'turnserver'], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

describe('the local TURN server (coturn)', () => {
  it('is handed out by GetIceServerConfig in KVS\'s shape, with credentials that allocate a relay and expire in 300 s', async () => {
    const world = await startWorld({ turn: true, kvs: true, doorbells: { doorbells: [{ endpointId: 'turn-door', name: 'Turn door', ownerEmail: 'alice@example.com', channelName: 'doorbell-turn-door' }] } });
    const client = new KinesisVideoSignalingClient({ region: LOCAL_REGION, endpoint: world.kvs.endpoint, credentials: world.account.credentials, maxAttempts: 1 });
    try {
      expect(world.services['TURN server (coturn)']).toMatch(/^turn:127\.0\.0\.1:\d+$/);
      const ask = (ClientId?: string) => client.send(new GetIceServerConfigCommand({ ChannelARN: world.doorbells.get('turn-door')!.channelArn, Service: 'TURN', ...(ClientId ? { ClientId } : {}) }));
      const { IceServerList } = await ask('viewer-7');
      expect(IceServerList).toHaveLength(1);
      const [server] = IceServerList!;
      const port = world.turn.uris[0]!.split(':')[2]!.split('?')[0];
      expect(server!.Uris).toEqual([`turn:127.0.0.1:${port}?transport=udp`, `turn:127.0.0.1:${port}?transport=tcp`]);
      expect(server!.Ttl).toBe(300);
      const [expiry, name] = server!.Username!.split(':');
      expect(name).toBe('viewer-7');
      expect(Number(expiry) - Date.now() / 1000).toBeGreaterThan(295);
      expect(Number(expiry) - Date.now() / 1000).toBeLessThanOrEqual(300);
      // The master asks without a client id; each call mints its own.
      expect((await ask()).IceServerList![0]!.Username).toMatch(/^\d+:master$/);

      const before = world.turn.control.allocations(server!.Username);
      for (const uri of server!.Uris!) {
        const relays = await relayCandidates({ urls: uri, username: server!.Username!, credential: server!.Password! });
        expect(relays.length, uri).toBeGreaterThan(0);
        expect(relays[0]).toMatch(/ 127\.0\.0\.1 \d+ typ relay/);
      }
      expect(world.turn.control.allocations(server!.Username)).toBe(before + 2);

      // A password made with another secret is refused.
      const other = restApiCredentials('not-the-secret', 'viewer-8', 300);
      const attempt = await refused(world, { urls: server!.Uris![0]!, username: other.username, credential: other.password });
      expect(attempt.refusals).toBeGreaterThan(0);
      expect(attempt.allocations).toBe(0);
    } finally {
      client.destroy();
      await world.close();
    }
    // Closed: nothing listens on its port any more.
    expect(await tcpRefused(Number(world.turn.uris[0]!.split(':')[2]!.split('?')[0]))).toBe(true);
  }, 60_000);

  it('runs without relay when coturn is missing and the world allows it, and fails clearly when it does not', async () => {
    await expect(startWorld({ turn: { binary: '/nonexistent/turnserver' } })).rejects.toThrow('coturn is not installed (no turnserver on the PATH): sudo apt-get install coturn');
    const logged: string[] = [];
    const world = await startWorld({ turn: { required: false, binary: '/nonexistent/turnserver' }, kvs: true }, { log: (l) => logged.push(l) });
    try {
      expect(world.turn.available).toBe(false);
      expect(world.turn.iceServers('master')).toEqual([]);
      expect(Object.keys(world.services)).toEqual(['KVS signaling emulator']);
      expect(logged[0]).toBe('no TURN server: coturn is not installed (sudo apt-get install coturn); Alexa sessions get no relay candidates');
    } finally {
      await world.close();
    }
  });

  it('ends coturn when the process running the world is killed outright, leaving no orphan and no temporary directory', async () => {
    const host = spawn(process.execPath, ['--import', 'tsx', HOST], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      host.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      host.once('exit', (code) => reject(new Error(`host exited early (${code})`)));
    });
    const exited = new Promise((resolve) => host.once('exit', resolve));
    let coturns: number[] = [];
    let dirs: string[] = [];
    try {
      const guards = execFileSync('pgrep', ['-P', String(host.pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
      coturns = guards.flatMap(turnserversUnder);
      dirs = coturns.map((pid) => path.dirname(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[2]!));
    } finally {
      host.kill('SIGKILL');
      await exited;
    }
    expect(coturns).toHaveLength(1);
    const deadline = Date.now() + 10_000;
    while ((coturns.some(isAlive) || dirs.some((d) => existsSync(d))) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(coturns.filter(isAlive)).toEqual([]);
    // Its temporary directory (configuration with the secret, log) went with it.
    expect(dirs[0]).toMatch(/doorbell-turn-/);
    expect(dirs.filter((d) => existsSync(d))).toEqual([]);
  }, 30_000);
});
