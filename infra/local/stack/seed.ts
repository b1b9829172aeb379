/**
 * The local doorbells: read from infra/local/doorbells.json, each given its signaling channel in
 * the KVS emulator (created with the real KVS client, or found again on a second start) and
 * registered in the skill's doorbell table. Doorbells already registered are left as they are,
 * so a restart keeps what the skill recorded about them (online state, last press).
 */
import { readFile } from 'node:fs/promises';
import { CreateSignalingChannelCommand, DescribeSignalingChannelCommand, KinesisVideoClient, ResourceInUseException } from '@aws-sdk/client-kinesis-video';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DOORBELLS_TABLE, type DoorbellItem } from '../../../contracts/tables.js';
import { seedDoorbells } from '../dynamodb/index.js';

export type SeedDoorbell = Pick<DoorbellItem, 'endpointId' | 'name' | 'ownerEmail' | 'channelName' | 'description'>;

interface AwsTarget {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export async function loadSeed(file: string): Promise<SeedDoorbell[]> {
  const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
  if (!Array.isArray(parsed)) throw new Error(`${file} must hold a JSON array of doorbells`);
  return parsed.map((d: Partial<SeedDoorbell>, i) => {
    for (const key of ['endpointId', 'name', 'ownerEmail', 'channelName'] as const) {
      if (typeof d[key] !== 'string' || d[key] === '') throw new Error(`${file}: doorbell ${i} has no ${key}`);
    }
    return {
      endpointId: d.endpointId!,
      name: d.name!,
      ownerEmail: d.ownerEmail!.toLowerCase(),
      channelName: d.channelName!,
      ...(d.description ? { description: d.description } : {}),
    };
  });
}

/** Each doorbell's channel ARN, creating the channel when it does not exist yet. */
export async function ensureChannels(kvs: AwsTarget, seeds: SeedDoorbell[]): Promise<DoorbellItem[]> {
  const client = new KinesisVideoClient({ endpoint: kvs.endpoint, region: kvs.region, credentials: kvs.credentials });
  try {
    const items: DoorbellItem[] = [];
    for (const seed of seeds) {
      let channelArn: string | undefined;
      try {
        const created = await client.send(new CreateSignalingChannelCommand({ ChannelName: seed.channelName, ChannelType: 'SINGLE_MASTER' }));
        channelArn = created.ChannelARN;
      } catch (err) {
        if (!(err instanceof ResourceInUseException)) throw err;
        const found = await client.send(new DescribeSignalingChannelCommand({ ChannelName: seed.channelName }));
        channelArn = found.ChannelInfo?.ChannelARN;
      }
      if (!channelArn) throw new Error(`the KVS emulator gave no ARN for channel ${seed.channelName}`);
      items.push({ ...seed, channelArn });
    }
    return items;
  } finally {
    client.destroy();
  }
}

/** Registers the doorbells the table does not have yet; returns the registry's view of all of them. */
export async function registerDoorbells(dynamo: AwsTarget, items: DoorbellItem[], tableName = DOORBELLS_TABLE.defaultName): Promise<DoorbellItem[]> {
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: dynamo.region, credentials: dynamo.credentials });
  const doc = DynamoDBDocumentClient.from(client);
  try {
    const registered: DoorbellItem[] = [];
    const missing: DoorbellItem[] = [];
    for (const item of items) {
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: { endpointId: item.endpointId }, ConsistentRead: true }));
      if (Item && Item.channelArn === item.channelArn) registered.push(Item as DoorbellItem);
      // A channel re-created (its emulator data wiped) gets the doorbell pointed at the new ARN.
      else missing.push(Item ? { ...(Item as DoorbellItem), channelArn: item.channelArn } : item);
    }
    if (missing.length > 0) await seedDoorbells(dynamo.endpoint, dynamo, missing, tableName);
    return [...registered, ...missing];
  } finally {
    client.destroy();
  }
}
