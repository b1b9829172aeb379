import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createTables, seedDoorbells, startDynamo } from './index.js';
import { DOORBELLS_TABLE, TABLES } from '../../../contracts/tables.js';
import { LOCAL_REGION, newLocalCredentials } from '../local-account.js';

const credentials = newLocalCredentials();
const signer = { credentials };

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const client = (endpoint: string) =>
  new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials });

describe('local DynamoDB', () => {
  it('listens on a loopback ephemeral port and creates every table with its index, idempotently', async () => {
    const db = await startDynamo({ credentials });
    try {
      expect(db.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      await createTables(db.endpoint, signer);
      await createTables(db.endpoint, signer);
      const c = client(db.endpoint);
      for (const def of TABLES) {
        const { Table } = await c.send(new DescribeTableCommand({ TableName: def.defaultName }));
        expect(Table?.TableStatus).toBe('ACTIVE');
        expect(Table?.KeySchema).toEqual([{ AttributeName: def.partitionKey, KeyType: 'HASH' }, ...(def.sortKey ? [{ AttributeName: def.sortKey, KeyType: 'RANGE' }] : [])]);
        expect((Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName)).toEqual(def.globalSecondaryIndexes.map((g) => g.indexName));
      }
      c.destroy();
    } finally {
      await db.close();
    }
  });

  it('gives dynalite no TCP port: the front forwards to a Unix socket in a folder only this user may open', async () => {
    const db = await startDynamo({ credentials });
    try {
      expect((await stat(db.backendSocket)).isSocket()).toBe(true);
      expect((await stat(path.dirname(db.backendSocket))).mode & 0o777).toBe(0o700);
      // It is dynalite's: an unsigned request over the socket is answered by dynalite itself.
      const status = await new Promise<number>((resolve, reject) => {
        const out = request({ socketPath: db.backendSocket, path: '/', method: 'GET' }, (res) => (res.resume(), resolve(res.statusCode ?? 0)));
        out.on('error', reject);
        out.end();
      });
      expect(status).toBe(200);
    } finally {
      await db.close();
    }
    await expect(stat(db.backendSocket)).rejects.toThrow();
  });

  it('keeps seeded doorbells on disk across a restart, owner emails lower-cased and queryable by owner', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'dynamo-'));
    dirs.push(dataDir);
    let db = await startDynamo({ credentials, dataDir });
    await createTables(db.endpoint, signer);
    await seedDoorbells(db.endpoint, signer, [
      { endpointId: 'front', name: 'Front', ownerEmail: 'Alice@Example.com', channelName: 'c', channelArn: 'arn:aws:kinesisvideo:us-east-1:000000000000:channel/c/1' },
    ]);
    await db.close();
    db = await startDynamo({ credentials, dataDir });
    try {
      await createTables(db.endpoint, signer);
      const doc = DynamoDBDocumentClient.from(client(db.endpoint));
      const { Item } = await doc.send(new GetCommand({ TableName: DOORBELLS_TABLE.defaultName, Key: { endpointId: 'front' } }));
      expect(Item).toMatchObject({ name: 'Front', ownerEmail: 'alice@example.com' });
      const { Items } = await doc.send(
        new QueryCommand({
          TableName: DOORBELLS_TABLE.defaultName,
          IndexName: 'byOwnerEmail',
          KeyConditionExpression: 'ownerEmail = :e',
          ExpressionAttributeValues: { ':e': 'alice@example.com' },
        }),
      );
      expect(Items?.map((i) => i.endpointId)).toEqual(['front']);
      doc.destroy();
    } finally {
      await db.close();
    }
  });
});
