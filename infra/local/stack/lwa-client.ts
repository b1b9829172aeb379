/**
 * The skill's Login with Amazon client on the local stack. The client id is a fixed, obviously
 * local value; the secret is generated on first start and kept in the data directory (so that
 * grants the local LWA persisted stay redeemable by the same client after a restart). Nothing
 * secret-looking lives in the source.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OAuthClient } from '../lwa/clients.js';

export const LOCAL_LWA_CLIENT_ID = 'amzn1.application-oa2-client.local-doorbell';

export async function localLwaClient(dataDir: string | undefined): Promise<OAuthClient> {
  const fresh = (): OAuthClient => ({ clientId: LOCAL_LWA_CLIENT_ID, clientSecret: randomBytes(32).toString('hex') });
  if (!dataDir) return fresh();
  const file = path.join(dataDir, 'lwa-client.json');
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as Partial<OAuthClient>;
    if (saved.clientId && saved.clientSecret) return { clientId: saved.clientId, clientSecret: saved.clientSecret };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const client = fresh();
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(client), { mode: 0o600 });
  return client;
}
