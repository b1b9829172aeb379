import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateSignalingChannelCommand } from '@aws-sdk/client-kinesis-video';
import { controlClient } from './test-support.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../../node_modules/tsx/dist/cli.mjs', import.meta.url));
const CLI_CREDENTIALS = { accessKeyId: 'AKIDCLIEMULATORTEST', secretAccessKey: 'cli-only-secret-value' };

describe('main.ts (the emulator on its own)', () => {
  it('prints its endpoint and key id but not a real secret, persists to KVS_DATA_DIR, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kvs-main-'));
    const child = spawn(process.execPath, [TSX, MAIN], {
      env: { ...process.env, KVS_PORT: '0', KVS_DATA_DIR: dir, AWS_ACCESS_KEY_ID: CLI_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CLI_CREDENTIALS.secretAccessKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const endpoint = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', () => {
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m && out.includes('access key id')) resolve(m[1]!);
        });
        child.on('exit', () => reject(new Error(`exited early: ${out}`)));
      });
      expect(out).toContain(CLI_CREDENTIALS.accessKeyId);
      await controlClient(endpoint, CLI_CREDENTIALS).send(new CreateSignalingChannelCommand({ ChannelName: 'cli-door' }));
      expect(existsSync(join(dir, 'channels.json'))).toBe(true);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).not.toContain(CLI_CREDENTIALS.secretAccessKey);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
