/**
 * The snapshot links table (contracts/tables.ts SnapshotLinkItem): GetSnapshot's short-lived links
 * for Alexa, under the SHA-256 of the link's random id (the id itself is only in the URL Alexa
 * holds). DynamoDB's TTL removes them late, so every read checks `expiresAt` itself.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SnapshotLinkItem } from '../../contracts/tables.js';
import type { Doc } from './dynamo.js';

export class SnapshotLinkStore {
  constructor(
    private readonly doc: () => Doc,
    private readonly table: string,
  ) {}

  async put(item: SnapshotLinkItem): Promise<void> {
    await this.doc().send(new PutCommand({ TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(linkHash)' }));
  }

  /** The link, expired or not (the caller tells the two apart: 410 either way, but logged differently). */
  async get(linkHash: string): Promise<SnapshotLinkItem | undefined> {
    const { Item } = await this.doc().send(new GetCommand({ TableName: this.table, Key: { linkHash }, ConsistentRead: true }));
    return Item as SnapshotLinkItem | undefined;
  }
}
