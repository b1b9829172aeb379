import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const HOST = fileURLToPath(new URL('./fixtures/warm-host.ts', import.meta.url));

const childrenOf = (pid: number): number[] => {
  try {
    return execFileSync('pgrep', ['-P', String(pid), '-f', 'runner.mjs'], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
};
const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('local Lambda execution environments', () => {
  it('end when the process hosting them is killed outright, leaving no orphan', async () => {
    const host = spawn(process.execPath, ['--import', 'tsx', HOST], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      host.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      host.once('exit', (code) => reject(new Error(`host exited early (${code})`)));
    });
    const exited = new Promise((resolve) => host.once('exit', resolve));
    let environments: number[];
    try {
      environments = childrenOf(host.pid!);
      expect(environments).toHaveLength(1);
    } finally {
      host.kill('SIGKILL');
      await exited;
    }
    const deadline = Date.now() + 10_000;
    while (environments.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(environments.filter(isAlive)).toEqual([]);
  });
});
