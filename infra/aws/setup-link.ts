/**
 * The one-time setup link for a headless device: the stack's setup page with a one-time
 * enrollment code in its fragment (contracts/access-api/routes.ts `enrollmentLink`), for a doorbell
 * the stack has. The code is written into the setup table (only its hash) by the caller's own AWS
 * credentials; the access API takes it once, within ten minutes. A fragment never reaches a server.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { enrollmentLink } from '../../contracts/access-api/routes.js';
import type { PageRole } from '../../contracts/page-roles.js';
import { writeEnrollmentCode } from '../shared/enrollment.js';
import type { DoorbellOutput, StackOutputs } from './stack-outputs.js';

export function findDoorbell(outputs: StackOutputs, endpointId: string): DoorbellOutput {
  const doorbell = outputs.doorbells.find((d) => d.endpointId === endpointId);
  if (!doorbell) {
    const known = outputs.doorbells.map((d) => d.endpointId).join(', ');
    throw new Error(`No doorbell "${endpointId}" in the stack (it has: ${known || 'none'})`);
  }
  return doorbell;
}

/** Writes a one-time enrollment code for the doorbell and role into the stack's setup table; the link that carries it, and when it expires. */
export async function createSetupLink(
  doc: DynamoDBDocumentClient,
  outputs: StackOutputs,
  o: { endpointId: string; role: PageRole; pageOrigin?: string },
): Promise<{ link: string; expiresAt: Date; doorbell: DoorbellOutput }> {
  const doorbell = findDoorbell(outputs, o.endpointId);
  const { code, expiresAt } = await writeEnrollmentCode(doc, outputs.setupTable, { endpointId: o.endpointId, role: o.role });
  // The pages are served at the origin's root (dist/camera is the bucket's root).
  return { link: enrollmentLink(o.pageOrigin ?? outputs.pageOrigin, code), expiresAt, doorbell };
}
