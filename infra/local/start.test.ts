/**
 * `npm start`'s entry as a person runs it: a process that prints where everything is, answers
 * /health (the TURN server among the services), and on Ctrl-C (SIGINT) stops every service and exits cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInto } from './stack/build-into.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dist: string;
let dataDir: string;
let child: ChildProcess | undefined;

beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), 'start-dist-'));
  dataDir = await mkdtemp(path.join(tmpdir(), 'start-data-'));
  await buildInto(dist);
}, 90_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await rm(dist, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs `npm start`'s entry with these settings; resolves once its banner is printed. */
async function startLocal(env: Record<string, string>): Promise<{ proc: ChildProcess; output: () => string; exited: Promise<number | null> }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', LOCAL_DATA_DIR: dataDir, LOCAL_DIST_DIR: dist, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let output = '';
  proc.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!output.includes('Press Ctrl-C to stop.')) {
    if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`npm start did not come up:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { proc, output: () => output, exited };
}

const tcpAccepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('npm start (infra/local/start.ts)', () => {
  it('prints the pages, services and local credentials, serves /health, and stops everything on Ctrl-C', async () => {
    const { proc, output: printed, exited } = await startLocal({ AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' });
    const output = printed();
    const url = /Start here\s+(http:\/\/localhost:\d+)\//.exec(output)?.[1];
    expect(url).toBeDefined();
    expect(output).toContain(`${url}/echo-show/?user=alice`);
    expect(output).toContain(`${url}/camera/setup.html`);
    expect(output).toMatch(/Device access API \(function URL, unsigned\)\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toMatch(/STS \(page roles\)\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toMatch(/Lambda Invoke API\s+http:\/\/127\.0\.0\.1:\d+/);
    // The installation's own pair, made on this first start: the key id printed, the secret only where it is kept.
    const file = path.join(dataDir, 'aws-credentials');
    const kept = await readFile(file, 'utf8');
    const keyId = /aws_access_key_id = (\S+)/.exec(kept)?.[1];
    const secret = /aws_secret_access_key = (\S+)/.exec(kept)?.[1];
    expect(keyId).toMatch(/^LOCAL[A-Z2-7]{15}$/);
    expect(secret).toHaveLength(40);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(output).toContain(`AWS access key id      ${keyId}`);
    expect(output).toContain(`AWS secret access key  in ${file}`);
    expect(output).not.toContain(secret);
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    // The TURN server is up with the rest, printed and listed by /health.
    const turnUrl = /TURN server \(coturn\)\s+(turn:127\.0\.0\.1:\d+)/.exec(output)?.[1];
    expect(turnUrl).toBeDefined();
    expect(((await health.json()) as { services: Record<string, string> }).services['TURN server (coturn)']).toBe(turnUrl);
    const turnPort = Number(turnUrl!.split(':')[2]);
    expect(await tcpAccepts(turnPort)).toBe(true);

    proc.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(printed()).toContain('Stopped.');
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    expect(await tcpAccepts(turnPort)).toBe(false);
  }, 90_000);

  it('takes AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY over its own pair and never prints the secret', async () => {
    const secret = 'a-secret-someone-configured';
    const { proc, output: printed, exited } = await startLocal({ AWS_ACCESS_KEY_ID: 'AKIDCONFIGUREDLOCALLY', AWS_SECRET_ACCESS_KEY: secret });
    const output = printed();
    expect(output).toContain('AWS access key id      AKIDCONFIGUREDLOCALLY');
    expect(output).toContain('AWS secret access key  in AWS_SECRET_ACCESS_KEY');
    expect(output).not.toContain(secret);
    proc.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 90_000);
});
