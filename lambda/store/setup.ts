/**
 * The setup table (contracts/tables.ts SetupItem): sign-in sessions and one-time enrollment
 * codes, each under the hash of its secret. DynamoDB's TTL removes expired items late (up to days),
 * so every read checks `expiresAt` itself; an enrollment code is taken with a conditional delete,
 * so it works exactly once.
 */
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SetupItem } from '../../contracts/tables.js';
import { unlessConditionFailed, type Doc } from './dynamo.js';

export type SessionItem = Extract<SetupItem, { kind: 'session' }>;
export type EnrollmentItem = Extract<SetupItem, { kind: 'enrollment' }>;

export class SetupStore {
  constructor(
    private readonly doc: () => Doc,
    private readonly table: string,
  ) {}

  async putSession(item: Omit<SessionItem, 'kind'>): Promise<void> {
    const session: SessionItem = { ...item, kind: 'session' };
    await this.doc().send(new PutCommand({ TableName: this.table, Item: session, ConditionExpression: 'attribute_not_exists(tokenHash)' }));
  }

  /** The sign-in session with this token hash while it lasts; `nowSeconds` epoch seconds. */
  async getSession(tokenHash: string, nowSeconds: number): Promise<SessionItem | undefined> {
    const { Item } = await this.doc().send(new GetCommand({ TableName: this.table, Key: { tokenHash }, ConsistentRead: true }));
    const item = Item as SetupItem | undefined;
    return item?.kind === 'session' && item.expiresAt > nowSeconds ? item : undefined;
  }

  /** Takes the enrollment code with this hash: the item, once; undefined when unknown, used or expired. */
  async consumeEnrollment(tokenHash: string, nowSeconds: number): Promise<EnrollmentItem | undefined> {
    const deleted = await unlessConditionFailed(
      this.doc().send(
        new DeleteCommand({
          TableName: this.table,
          Key: { tokenHash },
          ConditionExpression: '#kind = :enrollment AND expiresAt > :now',
          ExpressionAttributeNames: { '#kind': 'kind' },
          ExpressionAttributeValues: { ':enrollment': 'enrollment', ':now': nowSeconds },
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    return deleted?.Attributes as EnrollmentItem | undefined;
  }
}
