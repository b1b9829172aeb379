/**
 * The local world's one AWS account: its region, its account id, the shape of the credentials
 * every local part signs and verifies with, and its page roles. There is no fixed key pair: each
 * world makes its own (`newLocalCredentials`), and `npm start` keeps one per installation in its
 * data directory (installation-credentials.ts), so no web page or script can know it in advance.
 */
import { randomBytes } from 'node:crypto';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT_ID = '000000000000';

export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Where the secret is kept, for people (the banner): a file, a variable, or this run only. Never the secret. */
  secretLocation: string;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * A fresh random pair: a 20-character key id that starts with LOCAL (never mistaken for an AWS
 * key, whose ids start with AKIA or ASIA) and a 40-character secret, as long as AWS's.
 */
export function newLocalCredentials(secretLocation = 'this run only (not kept)'): LocalCredentials {
  const id = [...randomBytes(15)].map((b) => BASE32[b % 32]).join('');
  return { accessKeyId: `LOCAL${id}`, secretAccessKey: randomBytes(30).toString('base64'), secretLocation };
}

/** The local account's three page roles (camera, button, viewer), named as the CDK stack's are not: locally the names are fixed. */
export const LOCAL_PAGE_ROLE_NAMES = { camera: 'doorbell-camera', button: 'doorbell-button', viewer: 'doorbell-viewer' } as const;

/** A local page role's ARN: what the skill's CAMERA_ROLE_ARN / BUTTON_ROLE_ARN / VIEWER_ROLE_ARN say locally. */
export function localPageRoleArn(role: keyof typeof LOCAL_PAGE_ROLE_NAMES): string {
  return `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/${LOCAL_PAGE_ROLE_NAMES[role]}`;
}
