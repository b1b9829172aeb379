/**
 * The local world's one AWS account: its region, its account id and the credentials every local
 * part signs and verifies with. The emulators default to them, the world (infra/local/world/)
 * hands them to every part, and tests sign with them. `npm start` takes the developer's
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY when both are set, else the documented fake default
 * (not a real key).
 */
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT_ID = '000000000000';

export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** True for the documented default: only then may the secret be printed. */
  documentedDefault: boolean;
}

/** The documented local default: a fake pair, printed by `npm start`, never a real key. */
export const LOCAL_CREDENTIALS: LocalCredentials = {
  accessKeyId: 'LOCALDOORBELLKEY',
  secretAccessKey: 'local-doorbell-secret',
  documentedDefault: true,
};

/** AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY when both are set, else the documented default. */
export function localCredentials(env: NodeJS.ProcessEnv = process.env): LocalCredentials {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY } = env;
  if (AWS_ACCESS_KEY_ID && AWS_SECRET_ACCESS_KEY) {
    return { accessKeyId: AWS_ACCESS_KEY_ID, secretAccessKey: AWS_SECRET_ACCESS_KEY, documentedDefault: false };
  }
  return LOCAL_CREDENTIALS;
}

/** The local account's three page roles (camera, button, viewer), named as the CDK stack's are not: locally the names are fixed. */
export const LOCAL_PAGE_ROLE_NAMES = { camera: 'doorbell-camera', button: 'doorbell-button', viewer: 'doorbell-viewer' } as const;

/** A local page role's ARN: what the skill's CAMERA_ROLE_ARN / BUTTON_ROLE_ARN / VIEWER_ROLE_ARN say locally. */
export function localPageRoleArn(role: keyof typeof LOCAL_PAGE_ROLE_NAMES): string {
  return `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/${LOCAL_PAGE_ROLE_NAMES[role]}`;
}
