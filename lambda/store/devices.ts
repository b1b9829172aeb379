/**
 * Enrolled devices (contracts/tables.ts DeviceItem): one item per device, only hashes of its
 * grant's secrets. Every write after the first is a whole-item put conditional on `version`, so of
 * two Lambdas rotating or revoking the same device at once exactly one wins and the other reads again.
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DEVICES_TABLE, type DeviceItem } from '../../contracts/tables.js';
import { unlessConditionFailed, type Doc } from './dynamo.js';

const ENDPOINT_INDEX = DEVICES_TABLE.globalSecondaryIndexes[0]!.indexName;

export class DeviceStore {
  constructor(
    private readonly doc: () => Doc,
    private readonly table: string,
  ) {}

  /** Stores a new device; false when its id is taken (a 128-bit random id: never, in practice). */
  async create(item: DeviceItem): Promise<boolean> {
    const written = await unlessConditionFailed(
      this.doc().send(new PutCommand({ TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(deviceId)' })),
    );
    return written !== undefined;
  }

  async get(deviceId: string): Promise<DeviceItem | undefined> {
    const { Item } = await this.doc().send(new GetCommand({ TableName: this.table, Key: { deviceId }, ConsistentRead: true }));
    return Item as DeviceItem | undefined;
  }

  /** Replaces the device with `next` (its version one above) if nobody wrote it since `seenVersion`; false when someone did. */
  async replace(next: DeviceItem, seenVersion: number): Promise<boolean> {
    const written = await unlessConditionFailed(
      this.doc().send(
        new PutCommand({
          TableName: this.table,
          Item: { ...next, version: seenVersion + 1 },
          ConditionExpression: 'version = :seen',
          ExpressionAttributeValues: { ':seen': seenVersion },
        }),
      ),
    );
    return written !== undefined;
  }

  /** Every device of a doorbell, revoked ones included, oldest first. */
  async listByEndpoint(endpointId: string): Promise<DeviceItem[]> {
    const items: DeviceItem[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc().send(
        new QueryCommand({ TableName: this.table, IndexName: ENDPOINT_INDEX, KeyConditionExpression: 'endpointId = :e', ExpressionAttributeValues: { ':e': endpointId }, ExclusiveStartKey }),
      );
      items.push(...((page.Items ?? []) as DeviceItem[]));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items.sort((a, b) => a.createdAt - b.createdAt || a.deviceId.localeCompare(b.deviceId));
  }
}
