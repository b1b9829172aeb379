/**
 * A one-time enrollment code, written the way `npm run camera-url` writes it for AWS and the local
 * world writes it for its own pages: 32 random bytes, stored in the setup table only as their hash
 * (contracts/secrets.ts), for one doorbell and one page role, for 10 minutes. The access API takes
 * it once (`POST /v1/access/enroll`); the code itself goes to the person, in the setup link.
 */
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENROLLMENT_CODE_SECONDS } from '../../contracts/access-api/routes.js';
import type { PageRole } from '../../contracts/page-roles.js';
import { hashSecret, newSecret } from '../../contracts/secrets.js';
import type { SetupItem } from '../../contracts/tables.js';

export async function writeEnrollmentCode(
  doc: DynamoDBDocumentClient,
  table: string,
  enrollment: { endpointId: string; role: PageRole },
  now = Date.now(),
): Promise<{ code: string; expiresAt: Date }> {
  const code = newSecret(32);
  const expiresAt = Math.floor(now / 1000) + ENROLLMENT_CODE_SECONDS;
  const item: SetupItem = { tokenHash: await hashSecret(code), kind: 'enrollment', endpointId: enrollment.endpointId, role: enrollment.role, expiresAt };
  await doc.send(new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(tokenHash)' }));
  return { code, expiresAt: new Date(expiresAt * 1000) };
}
