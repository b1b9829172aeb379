/**
 * The local DynamoDB: a real dynalite server (DynamoDB's wire protocol, LevelDB underneath) on
 * loopback, and the skill's tables created from the one definition in contracts/tables.ts.
 * With `dataDir` the data survives a restart; without it the store lives in memory of the server.
 * dynalite accepts any signature and answers CORS for any page, so it has no TCP port at all: it
 * listens on a Unix socket in a private temporary folder (mode 0700), which a browser cannot reach
 * (a page could find any loopback port by scanning), and only its signed front (./signed-front.ts)
 * forwards to it; the endpoint is the front's.
 */
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DOORBELLS_TABLE, TABLES, type DoorbellItem } from '../../../contracts/tables.js';
import { LOCAL_REGION } from '../local-account.js';
import { startSignedFront } from './signed-front.js';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (opts: Record<string, unknown>) => Server;

export interface LocalDynamo {
  /** http://127.0.0.1:<port>, for AWS_ENDPOINT_URL_DYNAMODB. */
  endpoint: string;
  /** Where the front forwards to: dynalite's Unix socket (no TCP port). */
  backendSocket: string;
  close(): Promise<void>;
}

export interface DynamoOptions {
  /** The only credentials whose signatures the endpoint accepts: the world's account. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  dataDir?: string;
  host?: string;
  port?: number;
}

export async function startDynamo(opts: DynamoOptions): Promise<LocalDynamo> {
  if (opts.dataDir) await mkdir(opts.dataDir, { recursive: true });
  const server = dynalite({
    path: opts.dataDir,
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  const socketDir = await mkdtemp(path.join(tmpdir(), 'doorbell-dynamo-'));
  const socketPath = path.join(socketDir, 'dynalite.sock');
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  const closeInner = async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await rm(socketDir, { recursive: true, force: true });
  };
  try {
    const front = await startSignedFront({ upstream: { socketPath }, credentials: opts.credentials, host: opts.host, port: opts.port });
    return {
      endpoint: front.endpoint,
      backendSocket: socketPath,
      close: async () => {
        await front.close();
        await closeInner();
      },
    };
  } catch (err) {
    await closeInner();
    throw err;
  }
}

export interface Signer {
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Default the local account's. */
  region?: string;
}

/** A client for the local server, signing as the world's account. */
function localClient(endpoint: string, { credentials, region }: Signer): DynamoDBClient {
  const { accessKeyId, secretAccessKey } = credentials;
  return new DynamoDBClient({ endpoint, region: region ?? LOCAL_REGION, credentials: { accessKeyId, secretAccessKey } });
}

/** Creates the skill's tables, under their default names, if they do not exist yet (safe to call on every start). */
export async function createTables(endpoint: string, signer: Signer): Promise<void> {
  const client = localClient(endpoint, signer);
  try {
    for (const def of TABLES) {
      const TableName = def.defaultName;
      const keys = [def.partitionKey, ...(def.sortKey ? [def.sortKey] : []), ...def.globalSecondaryIndexes.map((g) => g.partitionKey)];
      try {
        await client.send(
          new CreateTableCommand({
            TableName,
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [...new Set(keys)].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
            KeySchema: [{ AttributeName: def.partitionKey, KeyType: 'HASH' }, ...(def.sortKey ? [{ AttributeName: def.sortKey, KeyType: 'RANGE' as const }] : [])],
            GlobalSecondaryIndexes: def.globalSecondaryIndexes.length
              ? def.globalSecondaryIndexes.map((g) => ({
                  IndexName: g.indexName,
                  KeySchema: [{ AttributeName: g.partitionKey, KeyType: 'HASH' }],
                  Projection: { ProjectionType: 'ALL' },
                }))
              : undefined,
          }),
        );
      } catch (err) {
        if (!(err instanceof ResourceInUseException)) throw err;
      }
      await waitActive(client, TableName);
      if (def.ttlAttribute) {
        // dynalite may refuse or ignore TTL: locally, expired sessions then stay, and nothing reads them back.
        await client
          .send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { AttributeName: def.ttlAttribute, Enabled: true } }))
          .catch(() => undefined);
      }
    }
  } finally {
    client.destroy();
  }
}

async function waitActive(client: DynamoDBClient, TableName: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`table ${TableName} did not become ACTIVE`);
}

/** Writes doorbells into the registry (overwriting items with the same endpointId). */
export async function seedDoorbells(endpoint: string, signer: Signer, items: DoorbellItem[], name = DOORBELLS_TABLE.defaultName): Promise<void> {
  const client = localClient(endpoint, signer);
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  try {
    for (let i = 0; i < items.length; i += 25) {
      const batch = items.slice(i, i + 25).map((item) => ({ PutRequest: { Item: { ...item, ownerEmail: item.ownerEmail.toLowerCase() } } }));
      const { UnprocessedItems } = await doc.send(new BatchWriteCommand({ RequestItems: { [name]: batch } }));
      // A batch may come back partly unwritten; a seed that silently lost doorbells would mislead every caller.
      if (UnprocessedItems?.[name]?.length) throw new Error(`${UnprocessedItems[name].length} doorbells were not written`);
    }
  } finally {
    client.destroy();
  }
}
