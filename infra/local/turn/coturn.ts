/**
 * A local TURN server: Debian's coturn (`/usr/bin/turnserver`) on loopback, with TURN REST API
 * credentials (`use-auth-secret`) from a secret made for this run, relaying between loopback
 * addresses only. Started and stopped by the local world's `turn` part.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { accessSync, constants, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { restApiCredentials } from './credentials.js';

export const INSTALL_HINT = 'sudo apt-get install coturn';

/** KVS hands out TURN credentials for 300 s (GetIceServerConfig's Ttl). */
export const TURN_CREDENTIAL_TTL_SECONDS = 300;

export interface CoturnOptions {
  /** The address coturn listens on and relays from; loopback. */
  host: string;
  /** UDP and TCP; 0 picks a free one. */
  port: number;
  /** Where its configuration, log and database go; absent: a temporary directory, removed on close. */
  dataDir?: string;
  /** The relayed addresses' port range; default coturn's (49152-65535). */
  relayPorts?: [number, number];
  realm?: string;
  /** Defaults to `turnserver` on the PATH. */
  binary?: string;
}

export interface Coturn {
  readonly host: string;
  readonly port: number;
  /** The URIs, the way KVS writes them: TURN over UDP and over TCP. */
  readonly uris: string[];
  /** Fresh credentials for a name (a client id), valid for `ttlSeconds`. */
  credentials(name: string, ttlSeconds?: number): { username: string; password: string };
  /** Successful allocations so far (from coturn's log), all or those of one user name. */
  allocations(username?: string): number;
  /** coturn's log so far. */
  log(): string;
  close(): Promise<void>;
}

export class TurnServerMissingError extends Error {
  override name = 'TurnServerMissingError';
}

/** The turnserver binary, or undefined when coturn is not installed. */
export function findTurnserver(binary = 'turnserver'): string | undefined {
  const candidates = binary.includes('/') ? [binary] : [...(process.env.PATH ?? '').split(':').filter(Boolean), '/usr/bin', '/usr/sbin'].map((dir) => path.join(dir, binary));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A port free for both UDP and TCP on `host` right now. */
async function freePort(host: string): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const udp = createSocket('udp4');
    const port = await new Promise<number>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(0, host, () => resolve(udp.address().port));
    });
    const tcp = createServer();
    const free = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, host, () => resolve(true));
    });
    await new Promise<void>((resolve) => (free ? tcp.close(() => resolve()) : resolve()));
    udp.close();
    if (free) return port;
  }
  throw new Error(`no port free for both UDP and TCP on ${host}`);
}

/** A STUN Binding request over UDP (RFC 8489): answered once coturn's UDP listener is up. */
function stunAnswers(host: string, port: number, timeoutMs: number): Promise<boolean> {
  const request = Buffer.alloc(20);
  request.writeUInt16BE(0x0001, 0);
  request.writeUInt32BE(0x2112a442, 4);
  randomBytes(12).copy(request, 8);
  const socket = createSocket('udp4');
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('message', (m) => m.readUInt16BE(0) === 0x0101 && m.subarray(8, 20).equals(request.subarray(8, 20)) && done(true));
    socket.on('error', () => done(false));
    socket.send(request, port, host);
  });
}

function tcpAccepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function configFile(o: { host: string; port: number; dir: string; secret: string; realm: string; relayPorts?: [number, number] }): string {
  return [
    `listening-ip=${o.host}`,
    `relay-ip=${o.host}`,
    `listening-port=${o.port}`,
    ...(o.relayPorts ? [`min-port=${o.relayPorts[0]}`, `max-port=${o.relayPorts[1]}`] : []),
    // TURN REST API credentials, as KVS hands them out (credentials.ts).
    'use-auth-secret',
    `static-auth-secret=${o.secret}`,
    `realm=${o.realm}`,
    // Every peer here is on loopback, which coturn refuses unless told.
    'allow-loopback-peers',
    'no-multicast-peers',
    // A browser trusts no self-signed certificate for turns:, so TURN over TLS is left out.
    'no-tls',
    'no-dtls',
    'no-cli',
    'fingerprint',
    'no-software-attribute',
    // Verbose: the log then has a line per allocation, which allocations() counts.
    'verbose',
    'simple-log',
    'no-stdout-log',
    `log-file=${path.join(o.dir, 'turnserver.log')}`,
    `pidfile=${path.join(o.dir, 'turnserver.pid')}`,
    `db=${path.join(o.dir, 'turndb')}`,
  ].join('\n') + '\n';
}

/**
 * Runs coturn and resolves once it answers STUN over UDP and accepts TCP. The secret is written
 * only to the configuration file (mode 0600), never to a command line or a log.
 */
export async function startCoturn(options: CoturnOptions): Promise<Coturn> {
  const binary = findTurnserver(options.binary);
  if (!binary) throw new TurnServerMissingError(`coturn is not installed (no turnserver on the PATH): ${INSTALL_HINT}`);
  const ownDir = !options.dataDir;
  const dir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'doorbell-turn-')));
  await mkdir(dir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  const port = options.port || (await freePort(options.host));
  const config = path.join(dir, 'turnserver.conf');
  await writeFile(config, configFile({ host: options.host, port, dir, secret, realm: options.realm ?? 'doorbell.local', relayPorts: options.relayPorts }), { mode: 0o600 });
  await chmod(config, 0o600);
  const logPath = path.join(dir, 'turnserver.log');
  await rm(logPath, { force: true });

  // coturn has no "die with your parent": a guard shell holds its stdin open to this process and
  // ends coturn when it reads end-of-file, which also happens when this process is killed outright;
  // then it removes a temporary directory of ours, which nobody else would.
  // (A background job's stdin is /dev/null unless given another, hence fd 3.)
  const guard = 'exec 3<&0; "$0" -c "$1" </dev/null & pid=$!; (read -r _ <&3; kill "$pid" 2>/dev/null) & wait "$pid"; code=$?; [ -n "$2" ] && rm -rf "$2"; exit $code';
  const child: ChildProcess = spawn('bash', ['-c', guard, binary, config, ownDir ? dir : ''], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let running = true;
  void exited.then(() => (running = false));

  const readLog = () => {
    try {
      return readFileSync(logPath, 'utf8');
    } catch {
      return '';
    }
  };
  const stop = async () => {
    child.stdin?.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    if (ownDir) await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 15_000;
  while (!(await stunAnswers(options.host, port, 200)) || !(await tcpAccepts(options.host, port))) {
    if (!running || Date.now() > deadline) {
      const why = running ? 'did not answer within 15 s' : 'exited';
      const tail = `${stderr}\n${readLog()}`.trim().split('\n').slice(-8).join('\n');
      await stop();
      throw new Error(`coturn on ${options.host}:${port} ${why}:\n${tail}`);
    }
  }

  const allocationLine = /user <([^>]*)>: incoming packet ALLOCATE processed, success/g;
  return {
    host: options.host,
    port,
    uris: [`turn:${options.host}:${port}?transport=udp`, `turn:${options.host}:${port}?transport=tcp`],
    credentials: (name, ttlSeconds = TURN_CREDENTIAL_TTL_SECONDS) => restApiCredentials(secret, name, ttlSeconds),
    allocations: (username) => [...readLog().matchAll(allocationLine)].filter((m) => username === undefined || m[1] === username).length,
    log: readLog,
    close: stop,
  };
}
