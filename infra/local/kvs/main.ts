// Runs the KVS signaling emulator on its own: `npx tsx infra/local/kvs/main.ts`.
// Env: KVS_PORT (default 8081), KVS_HOST (default 127.0.0.1), KVS_DATA_DIR (default .local-data/kvs),
// AWS_REGION, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (else the documented local default).
import { localCredentials } from '../stack/local-credentials.js';
import { startKvsEmulator } from './index.js';

const port = Number(process.env.KVS_PORT ?? 8081);
const credentials = localCredentials();
const emulator = await startKvsEmulator({
  port,
  host: process.env.KVS_HOST ?? '127.0.0.1',
  dataDir: process.env.KVS_DATA_DIR ?? '.local-data/kvs',
  credentials,
});

console.log(`KVS signaling emulator listening on ${emulator.endpoint}`);
console.log(`  access key id: ${emulator.accessKeyId}`);
if (credentials.documentedDefault) console.log(`  secret access key: ${credentials.secretAccessKey} (the documented local default, not a real key)`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping the KVS signaling emulator`);
  await emulator.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
