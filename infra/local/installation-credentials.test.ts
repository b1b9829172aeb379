import { mkdtemp, readFile, rm, stat, chmod, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CREDENTIALS_FILE, installationCredentials, realKeyWarning } from './installation-credentials.js';

const dirs: string[] = [];
const freshDir = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'install-creds-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('the installation\'s local credentials', () => {
  it('are made on the first start, kept with mode 0600 in the AWS format, and the same on the next start', async () => {
    const dir = await freshDir();
    const first = await installationCredentials(dir, {});
    const file = path.join(dir, CREDENTIALS_FILE);
    expect(first).toMatchObject({ accessKeyId: expect.stringMatching(/^LOCAL[A-Z2-7]{15}$/), secretLocation: file });
    expect(first.secretAccessKey).toHaveLength(40);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = await readFile(file, 'utf8');
    expect(text).toContain(`[local-doorbell]\naws_access_key_id = ${first.accessKeyId}\naws_secret_access_key = ${first.secretAccessKey}\n`);
    expect(await installationCredentials(dir, {})).toEqual(first);
    // Another installation gets another pair: nothing is shared or guessable.
    const other = await installationCredentials(await freshDir(), {});
    expect(other.accessKeyId).not.toBe(first.accessKeyId);
    expect(other.secretAccessKey).not.toBe(first.secretAccessKey);
  });

  it('narrow a widened file back to 0600, and say what to do with a damaged one', async () => {
    const dir = await freshDir();
    await installationCredentials(dir, {});
    const file = path.join(dir, CREDENTIALS_FILE);
    await chmod(file, 0o644);
    await installationCredentials(dir, {});
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await writeFile(file, '[local-doorbell]\n');
    await expect(installationCredentials(dir, {})).rejects.toThrow(/delete it and start again/);
  });

  it('give way to AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, and refuse half a pair', async () => {
    const dir = await freshDir();
    expect(await installationCredentials(dir, { AWS_ACCESS_KEY_ID: 'AKIDSETBYME', AWS_SECRET_ACCESS_KEY: 's3cret' })).toEqual({
      accessKeyId: 'AKIDSETBYME',
      secretAccessKey: 's3cret',
      secretLocation: 'AWS_SECRET_ACCESS_KEY',
    });
    await expect(stat(path.join(dir, CREDENTIALS_FILE))).rejects.toThrow();
    await expect(installationCredentials(dir, { AWS_ACCESS_KEY_ID: 'AKIDSETBYME' })).rejects.toThrow(/both/);
  });

  it('are warned about when they look like a real AWS key, and only then', async () => {
    // Shaped like an IAM user's and a session's key ids, made here so that no key-like string is in the source.
    const shapedLike = (prefix: 'AKIA' | 'ASIA') => `${prefix}${'Q'.repeat(16)}`;
    expect(realKeyWarning({ accessKeyId: shapedLike('AKIA') })).toMatch(/real AWS key.*unset AWS_ACCESS_KEY_ID/);
    expect(realKeyWarning({ accessKeyId: shapedLike('ASIA') })).toBeDefined();
    expect(realKeyWarning(await installationCredentials(await freshDir(), {}))).toBeUndefined();
    expect(realKeyWarning({ accessKeyId: 'AKIDSETBYME' })).toBeUndefined();
  });
});
