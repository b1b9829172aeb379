/**
 * The doorbell registry: ownership, channel, the camera's online state, the press debounce, the
 * motion state, a press's request for a picture and the latest picture (GetSnapshot's).
 */
import { GetCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DOORBELLS_TABLE, type DoorbellItem, type ReportedConnectivity } from '../../contracts/tables.js';
import type { DetectionState } from '../../contracts/device-api/bodies.js';
import { unlessConditionFailed, type Doc } from './dynamo.js';

const OWNER_INDEX = DOORBELLS_TABLE.globalSecondaryIndexes[0]!.indexName;

export class DoorbellStore {
  constructor(
    private readonly doc: () => Doc,
    private readonly table: string,
  ) {}

  async get(endpointId: string): Promise<DoorbellItem | undefined> {
    const { Item } = await this.doc().send(new GetCommand({ TableName: this.table, Key: { endpointId }, ConsistentRead: true }));
    return Item as DoorbellItem | undefined;
  }

  /** The doorbell if `ownerEmail` owns it; another owner's doorbell is as absent as a missing one. */
  async getOwned(endpointId: string, ownerEmail: string): Promise<DoorbellItem | undefined> {
    const item = await this.get(endpointId);
    return item && item.ownerEmail.toLowerCase() === ownerEmail.toLowerCase() ? item : undefined;
  }

  async listByOwner(ownerEmail: string): Promise<DoorbellItem[]> {
    const items: DoorbellItem[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc().send(
        new QueryCommand({
          TableName: this.table,
          IndexName: OWNER_INDEX,
          KeyConditionExpression: 'ownerEmail = :e',
          ExpressionAttributeValues: { ':e': ownerEmail.toLowerCase() },
          ExclusiveStartKey,
        }),
      );
      items.push(...((page.Items ?? []) as DoorbellItem[]));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items.sort((a, b) => a.endpointId.localeCompare(b.endpointId));
  }

  /** Records a heartbeat; returns the item as it was before, or undefined when the doorbell does not exist. */
  async recordStatus(endpointId: string, online: boolean, now: number): Promise<DoorbellItem | undefined> {
    const written = await unlessConditionFailed(
      this.doc().send(
        new UpdateCommand({
          TableName: this.table,
          Key: { endpointId },
          UpdateExpression: 'SET #online = :o, lastSeenAt = :t',
          ConditionExpression: 'attribute_exists(endpointId)',
          ExpressionAttributeNames: { '#online': 'online' }, // a reserved word
          ExpressionAttributeValues: { ':o': online, ':t': now },
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    return written?.Attributes as DoorbellItem | undefined;
  }

  /**
   * Every doorbell's connectivity state (the health check's one Scan): the fields it decides on.
   * A household has a handful of doorbells; the scan reads them all in a page or two.
   */
  async scanConnectivity(): Promise<Pick<DoorbellItem, 'endpointId' | 'ownerEmail' | 'online' | 'lastSeenAt' | 'reportedConnectivity'>[]> {
    const items: DoorbellItem[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc().send(
        new ScanCommand({
          TableName: this.table,
          ProjectionExpression: 'endpointId, ownerEmail, #online, lastSeenAt, reportedConnectivity',
          ExpressionAttributeNames: { '#online': 'online' },
          ExclusiveStartKey,
        }),
      );
      items.push(...((page.Items ?? []) as DoorbellItem[]));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  /**
   * Records what Alexa's gateway accepted about the camera's connectivity, unless a report sent
   * later was recorded already (the heartbeat and the health check can report at the same time):
   * the item keeps the last one sent.
   */
  async recordReported(endpointId: string, connectivity: ReportedConnectivity, sentAt: number): Promise<boolean> {
    const written = await unlessConditionFailed(
      this.doc().send(
        new UpdateCommand({
          TableName: this.table,
          Key: { endpointId },
          UpdateExpression: 'SET reportedConnectivity = :c, reportedAt = :t',
          ConditionExpression: 'attribute_exists(endpointId) AND (attribute_not_exists(reportedAt) OR reportedAt <= :t)',
          ExpressionAttributeValues: { ':c': connectivity, ':t': sentAt },
        }),
      ),
    );
    return written !== undefined;
  }

  /**
   * Claims a press: succeeds only when no press was accepted within `debounceMs`. The conditional
   * write makes two simultaneous presses (two Lambdas) yield exactly one claim.
   */
  async claimPress(endpointId: string, now: number, debounceMs: number): Promise<boolean> {
    const written = await unlessConditionFailed(
      this.doc().send(
        new UpdateCommand({
          TableName: this.table,
          Key: { endpointId },
          UpdateExpression: 'SET lastPressAt = :now',
          ConditionExpression: 'attribute_exists(endpointId) AND (attribute_not_exists(lastPressAt) OR lastPressAt <= :before)',
          ExpressionAttributeValues: { ':now': now, ':before': now - debounceMs },
        }),
      ),
    );
    return written !== undefined;
  }

  /**
   * Records the camera's motion state when it changes: the item as it was before, `unchanged`
   * when it already said so (a repeat is not a change Alexa hears of), undefined without a doorbell.
   * No stored state means NOT_DETECTED, as ReportState says: a camera page's first word (its reset)
   * on a doorbell that never saw motion is no change.
   */
  async recordMotion(endpointId: string, state: DetectionState, now: number): Promise<DoorbellItem | 'unchanged' | undefined> {
    const written = await unlessConditionFailed(
      this.doc().send(
        new UpdateCommand({
          TableName: this.table,
          Key: { endpointId },
          UpdateExpression: 'SET motion = :s, motionAt = :t',
          ConditionExpression:
            state === 'DETECTED'
              ? 'attribute_exists(endpointId) AND (attribute_not_exists(motion) OR motion <> :s)'
              : 'attribute_exists(endpointId) AND motion = :detected',
          ExpressionAttributeValues: { ':s': state, ':t': now, ...(state === 'DETECTED' ? {} : { ':detected': 'DETECTED' }) },
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    if (written) return written.Attributes as DoorbellItem;
    return (await this.get(endpointId)) ? 'unchanged' : undefined;
  }

  /** A press wants the camera's picture; a newer request replaces an older one. */
  async requestSnapshot(endpointId: string, request: NonNullable<DoorbellItem['pendingSnapshot']>): Promise<void> {
    await unlessConditionFailed(
      this.doc().send(
        new UpdateCommand({
          TableName: this.table,
          Key: { endpointId },
          UpdateExpression: 'SET pendingSnapshot = :r',
          ConditionExpression: 'attribute_exists(endpointId)',
          ExpressionAttributeValues: { ':r': request },
        }),
      ),
    );
  }

  /** The camera took the picture for this event: the request goes, unless a newer one replaced it. */
  async clearSnapshotRequest(endpointId: string, eventId: string): Promise<void> {
    await unlessConditionFailed(
      this.doc().send(
        new UpdateCommand({
          TableName: this.table,
          Key: { endpointId },
          UpdateExpression: 'REMOVE pendingSnapshot',
          ConditionExpression: 'pendingSnapshot.eventId = :e',
          ExpressionAttributeValues: { ':e': eventId },
        }),
      ),
    );
  }

  /** The newest uploaded picture, unless a newer one was recorded already (two uploads can finish out of order). */
  async recordLatestSnapshot(endpointId: string, latest: NonNullable<DoorbellItem['latestSnapshot']>): Promise<void> {
    await unlessConditionFailed(
      this.doc().send(
        new UpdateCommand({
          TableName: this.table,
          Key: { endpointId },
          UpdateExpression: 'SET latestSnapshot = :l',
          ConditionExpression: 'attribute_exists(endpointId) AND (attribute_not_exists(latestSnapshot) OR latestSnapshot.#at <= :at)',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: { ':l': latest, ':at': latest.at },
        }),
      ),
    );
  }

  /** Gives back a claim whose press did not reach Alexa, so that pressing again works at once. */
  async releasePress(endpointId: string, claimedAt: number): Promise<void> {
    await unlessConditionFailed(
      this.doc().send(
        new UpdateCommand({
          TableName: this.table,
          Key: { endpointId },
          UpdateExpression: 'REMOVE lastPressAt',
          ConditionExpression: 'lastPressAt = :t',
          ExpressionAttributeValues: { ':t': claimedAt },
        }),
      ),
    );
  }
}

/** Whether the camera counts as online now: it said so, and its last heartbeat is recent. */
export function isOnline(item: Pick<DoorbellItem, 'online' | 'lastSeenAt'>, now: number, offlineAfterMs: number): boolean {
  return item.online === true && typeof item.lastSeenAt === 'number' && now - item.lastSeenAt <= offlineAfterMs;
}
