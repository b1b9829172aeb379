/**
 * `npm start`'s AWS credentials: made on the first start and kept in the data directory in the AWS
 * shared-credentials format (mode 0600), so a second start, and the developer's own `aws` commands
 * against the local stack, use the same pair; or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY when both
 * are set. Each installation has its own secret: nothing in the source or the documentation names
 * one, so a web page cannot sign a request to the local services.
 */
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { newLocalCredentials, type LocalCredentials } from './local-account.js';

/** The file in the data directory, and its one profile: `AWS_SHARED_CREDENTIALS_FILE=<file> AWS_PROFILE=local-doorbell aws ...`. */
export const CREDENTIALS_FILE = 'aws-credentials';
export const CREDENTIALS_PROFILE = 'local-doorbell';

export async function installationCredentials(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<LocalCredentials> {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY } = env;
  if (AWS_ACCESS_KEY_ID && AWS_SECRET_ACCESS_KEY) {
    return { accessKeyId: AWS_ACCESS_KEY_ID, secretAccessKey: AWS_SECRET_ACCESS_KEY, secretLocation: 'AWS_SECRET_ACCESS_KEY' };
  }
  // Half a pair would otherwise be ignored without a word, and the developer's scripts would fail to sign.
  if (AWS_ACCESS_KEY_ID || AWS_SECRET_ACCESS_KEY) throw new Error('Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither (then npm start keeps its own pair in the data directory).');
  const file = path.join(dataDir, CREDENTIALS_FILE);
  const kept = await readKept(file);
  if (kept) return kept;
  const fresh = newLocalCredentials(file);
  await mkdir(dataDir, { recursive: true });
  try {
    // wx: two starts racing on a new data directory end up with one pair, the first one written.
    await writeFile(file, credentialsFileText(fresh), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const other = await readKept(file);
    if (other) return other;
    throw err;
  }
  return fresh;
}

/**
 * A warning for the banner when the pair looks like a real AWS key (an IAM user's AKIA… or a
 * session's ASIA…): a shell that exports the developer's own keys would hand them to every local
 * service, which is not what the local pair is for.
 */
export function realKeyWarning(c: Pick<LocalCredentials, 'accessKeyId'>): string | undefined {
  if (!/^(AKIA|ASIA)[A-Z0-9]{16}$/.test(c.accessKeyId)) return undefined;
  return 'AWS_ACCESS_KEY_ID looks like a real AWS key, and the local stack now verifies with it: unset AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to use its own pair.';
}

export function credentialsFileText(c: Pick<LocalCredentials, 'accessKeyId' | 'secretAccessKey'>): string {
  return [
    '# The local doorbell stack\'s own credentials (npm start). They open only this machine\'s local services:',
    '# never use them anywhere else, and never put real AWS credentials here.',
    `[${CREDENTIALS_PROFILE}]`,
    `aws_access_key_id = ${c.accessKeyId}`,
    `aws_secret_access_key = ${c.secretAccessKey}`,
    '',
  ].join('\n');
}

async function readKept(file: string): Promise<LocalCredentials | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const value = (key: string) => new RegExp(`^\\s*${key}\\s*=\\s*(\\S+)\\s*$`, 'm').exec(text)?.[1];
  const accessKeyId = value('aws_access_key_id');
  const secretAccessKey = value('aws_secret_access_key');
  if (!accessKeyId || !secretAccessKey) throw new Error(`${file} holds no aws_access_key_id and aws_secret_access_key: delete it and start again for a new pair.`);
  // A copy or an editor may have widened it; the secret is for this user only.
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  return { accessKeyId, secretAccessKey, secretLocation: file };
}
