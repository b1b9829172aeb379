/**
 * The world's doorbells: each given its signaling channel in the KVS emulator (found again on a
 * second start) and, when the world has DynamoDB, registered in the skill's doorbell table
 * (doorbells already registered keep what the skill recorded about them). stack/seed.ts does the work.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DoorbellItem } from '../../../../contracts/tables.js';
import { ensureChannels, loadSeed, registerDoorbells, type SeedDoorbell } from '../../stack/seed.js';
import type { Part } from '../types.js';

export type { SeedDoorbell } from '../../stack/seed.js';

/** The doorbells, or the JSON file listing them; default infra/local/doorbells.json. */
export type DoorbellsOptions = { doorbells: SeedDoorbell[] } | { seedFile?: string };
/** By endpointId, in the seed's order, each with its channel ARN. */
export type DoorbellsHandle = ReadonlyMap<string, DoorbellItem>;

const DEFAULT_SEED_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../doorbells.json');

export const doorbellsPart: Part<'doorbells', 'kvs', 'dynamodb'> = {
  needs: ['kvs'],
  uses: ['dynamodb'],
  async start(options, { kvs, dynamodb }, ctx) {
    const seeds = 'doorbells' in options ? options.doorbells : await loadSeed(options.seedFile ?? DEFAULT_SEED_FILE);
    const { region, credentials } = ctx.account;
    const aws = { region, credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey } };
    const withChannels = await ensureChannels({ ...aws, endpoint: kvs.endpoint }, seeds);
    const items = dynamodb ? await registerDoorbells({ ...aws, endpoint: dynamodb.endpoint }, withChannels) : withChannels;
    ctx.log(`doorbells: ${items.map((d) => `${d.endpointId} (${d.ownerEmail})`).join(', ')}`);
    return { handle: new Map(items.map((d) => [d.endpointId, d])) };
  },
};
