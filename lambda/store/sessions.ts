/** Alexa RTC sessions: which doorbell and user a session belongs to and where it stands. */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unlessConditionFailed, type Doc } from './dynamo.js';

export type SessionState = 'CONNECTED' | 'DISCONNECTED';

/** A day: long enough for any call, short enough that the table stays small. */
const SESSION_TTL_SECONDS = 24 * 3600;

export class SessionStore {
  constructor(
    private readonly doc: () => Doc,
    private readonly table: string,
  ) {}

  /** Records a state (false when the id belongs to another doorbell or user); the first write of a session also fixes its doorbell, user and creation time. */
  async record(s: { sessionId: string; endpointId: string; userId: string; state: SessionState }, now: number): Promise<boolean> {
    const written = await unlessConditionFailed(
      this.doc().send(
        new UpdateCommand({
          TableName: this.table,
          Key: { sessionId: s.sessionId },
          UpdateExpression:
            'SET #state = :state, updatedAt = :now, expiresAt = :exp, endpointId = if_not_exists(endpointId, :e), userId = if_not_exists(userId, :u), createdAt = if_not_exists(createdAt, :now)',
          // A session id of another doorbell or user is not this caller's to change.
          ConditionExpression: 'attribute_not_exists(sessionId) OR (endpointId = :e AND userId = :u)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':state': s.state,
            ':now': now,
            ':exp': Math.floor(now / 1000) + SESSION_TTL_SECONDS,
            ':e': s.endpointId,
            ':u': s.userId,
          },
        }),
      ),
    );
    return written !== undefined;
  }
}
