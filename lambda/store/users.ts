/**
 * Linked users and their LWA tokens. Every token write bumps `version` under a condition, and a
 * refresh is guarded by a short lease (`leaseOwner`/`leaseUntil`) taken with a conditional write:
 * of two Lambdas that find the same token expiring, one refreshes at LWA and the other waits for
 * the new version, so a rotated refresh token is never overwritten by a stale one.
 */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AlexaRegion } from '../../contracts/alexa/regions.js';
import { USERS_TABLE } from '../../contracts/tables.js';
import { unlessConditionFailed, type Doc } from './dynamo.js';

const EMAIL_INDEX = USERS_TABLE.globalSecondaryIndexes[0]!.indexName;

export interface UserItem {
  userId: string;
  /** Lower-cased; how doorbells (by ownerEmail) find their user. */
  email: string;
  name?: string;
  accessToken: string;
  refreshToken: string;
  /** Epoch ms. */
  accessTokenExpiresAt: number;
  /** Which Alexa event gateway serves this user. */
  region: AlexaRegion;
  version: number;
  leaseOwner?: string;
  leaseUntil?: number;
  linkedAt: number;
  updatedAt: number;
}

export interface TokenSet {
  accessToken: string;
  /** Absent when LWA did not rotate it. */
  refreshToken?: string;
  expiresInSeconds: number;
}

export class UserStore {
  constructor(
    private readonly doc: () => Doc,
    private readonly table: string,
  ) {}

  async get(userId: string): Promise<UserItem | undefined> {
    const { Item } = await this.doc().send(new GetCommand({ TableName: this.table, Key: { userId }, ConsistentRead: true }));
    return Item as UserItem | undefined;
  }

  /**
   * The id of the linked user with this email (the most recently linked, should an email have moved
   * accounts). The index alone answers: every caller reads the item itself afterwards if it needs it.
   */
  async findUserIdByEmail(email: string): Promise<string | undefined> {
    const { Items } = await this.doc().send(
      new QueryCommand({
        TableName: this.table,
        IndexName: EMAIL_INDEX,
        KeyConditionExpression: 'email = :e',
        ExpressionAttributeValues: { ':e': email.toLowerCase() },
      }),
    );
    const items = (Items ?? []) as UserItem[];
    return items.sort((a, b) => b.linkedAt - a.linkedAt)[0]?.userId;
  }

  /** Stores a fresh grant (AcceptGrant): replaces the tokens whatever state they were in. */
  async saveGrant(u: { userId: string; email: string; name?: string; tokens: TokenSet; region: AlexaRegion }, now: number): Promise<void> {
    if (!u.tokens.refreshToken) throw new Error('a grant without a refresh token');
    await this.doc().send(
      new UpdateCommand({
        TableName: this.table,
        Key: { userId: u.userId },
        UpdateExpression:
          'SET email = :email, #name = :name, accessToken = :at, refreshToken = :rt, accessTokenExpiresAt = :exp, #region = :region, linkedAt = :now, updatedAt = :now, version = if_not_exists(version, :zero) + :one REMOVE leaseOwner, leaseUntil',
        ExpressionAttributeNames: { '#name': 'name', '#region': 'region' },
        ExpressionAttributeValues: {
          ':email': u.email.toLowerCase(),
          ':name': u.name ?? '',
          ':at': u.tokens.accessToken,
          ':rt': u.tokens.refreshToken,
          ':exp': now + u.tokens.expiresInSeconds * 1000,
          ':region': u.region,
          ':now': now,
          ':zero': 0,
          ':one': 1,
        },
      }),
    );
  }

  /** Takes the refresh lease on `version` if nobody holds a live one; false when another caller got there first. */
  async tryLease(userId: string, version: number, owner: string, now: number, leaseMs: number): Promise<boolean> {
    const written = await unlessConditionFailed(
      this.doc().send(
        new UpdateCommand({
          TableName: this.table,
          Key: { userId },
          UpdateExpression: 'SET leaseOwner = :owner, leaseUntil = :until',
          ConditionExpression: 'version = :v AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
          ExpressionAttributeValues: { ':owner': owner, ':until': now + leaseMs, ':v': version, ':now': now },
        }),
      ),
    );
    return written !== undefined;
  }

  /** Writes refreshed tokens if the lease is still ours; undefined when it was lost meanwhile. */
  async completeRefresh(userId: string, owner: string, tokens: Required<TokenSet>, now: number): Promise<UserItem | undefined> {
    const written = await unlessConditionFailed(
      this.doc().send(
        new UpdateCommand({
          TableName: this.table,
          Key: { userId },
          UpdateExpression:
            'SET accessToken = :at, refreshToken = :rt, accessTokenExpiresAt = :exp, updatedAt = :now, version = version + :one REMOVE leaseOwner, leaseUntil',
          ConditionExpression: 'leaseOwner = :owner',
          ExpressionAttributeValues: {
            ':at': tokens.accessToken,
            ':rt': tokens.refreshToken,
            ':exp': now + tokens.expiresInSeconds * 1000,
            ':now': now,
            ':one': 1,
            ':owner': owner,
          },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return written?.Attributes as UserItem | undefined;
  }

  /** Gives the lease back after a failed refresh so that the next caller need not wait it out. */
  async releaseLease(userId: string, owner: string): Promise<void> {
    await unlessConditionFailed(
      this.doc().send(
        new UpdateCommand({
          TableName: this.table,
          Key: { userId },
          UpdateExpression: 'REMOVE leaseOwner, leaseUntil',
          ConditionExpression: 'leaseOwner = :owner',
          ExpressionAttributeValues: { ':owner': owner },
        }),
      ),
    );
  }
}
