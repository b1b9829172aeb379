/**
 * The events table (contracts/tables.ts EventItem): what happened at each door, newest first by the
 * time-ordered sort key, each with the S3 key of its picture once the camera asked to upload one
 * and its size once the upload was seen. DynamoDB's TTL removes an event 30 days after it happened.
 */
import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { EVENT_RETENTION_DAYS, eventIdAt, type DoorbellEventType } from '../../contracts/snapshots.js';
import type { EventItem } from '../../contracts/tables.js';
import { unlessConditionFailed, type Doc } from './dynamo.js';

export class EventStore {
  constructor(
    private readonly doc: () => Doc,
    private readonly table: string,
  ) {}

  async record(endpointId: string, type: DoorbellEventType, at: number): Promise<EventItem> {
    const item: EventItem = { endpointId, eventId: eventIdAt(at, randomBytes(6).toString('hex')), type, at, expiresAt: Math.floor(at / 1000) + EVENT_RETENTION_DAYS * 86_400 };
    await this.doc().send(new PutCommand({ TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(eventId)' }));
    return item;
  }

  async get(endpointId: string, eventId: string): Promise<EventItem | undefined> {
    const { Item } = await this.doc().send(new GetCommand({ TableName: this.table, Key: { endpointId, eventId }, ConsistentRead: true }));
    return Item as EventItem | undefined;
  }

  /** Where the event's picture goes; false when the event does not exist. */
  async setSnapshotKey(endpointId: string, eventId: string, key: string): Promise<boolean> {
    const written = await unlessConditionFailed(
      this.doc().send(
        new UpdateCommand({
          TableName: this.table,
          Key: { endpointId, eventId },
          UpdateExpression: 'SET snapshotKey = :k',
          ConditionExpression: 'attribute_exists(eventId)',
          ExpressionAttributeValues: { ':k': key },
        }),
      ),
    );
    return written !== undefined;
  }

  async markUploaded(endpointId: string, eventId: string, bytes: number): Promise<void> {
    await this.doc().send(
      new UpdateCommand({
        TableName: this.table,
        Key: { endpointId, eventId },
        UpdateExpression: 'SET snapshotBytes = :b',
        ConditionExpression: 'attribute_exists(snapshotKey)',
        ExpressionAttributeValues: { ':b': bytes },
      }),
    );
  }

  /** Up to `limit` events older than `before` (an eventId; absent: the newest), newest first; `more` when older ones remain. */
  async page(endpointId: string, limit: number, before?: string): Promise<{ items: EventItem[]; more: boolean }> {
    const { Items, LastEvaluatedKey } = await this.doc().send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: before ? 'endpointId = :e AND eventId < :b' : 'endpointId = :e',
        ExpressionAttributeValues: before ? { ':e': endpointId, ':b': before } : { ':e': endpointId },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return { items: (Items ?? []) as EventItem[], more: LastEvaluatedKey !== undefined };
  }
}
