/**
 * The local stack's own AWS credentials: the ones in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
 * when both are set, else the documented fake local default (not a real key). The skill and the
 * local Alexa sign their calls to the local services with them.
 */
export const LOCAL_DEFAULT_ACCESS_KEY_ID = 'LOCALDOORBELLKEY';
export const LOCAL_DEFAULT_SECRET = 'local-doorbell-secret';

export interface BaseCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** True for the documented default: only then may the secret be printed. */
  documentedDefault: boolean;
}

export function localCredentials(env: NodeJS.ProcessEnv = process.env): BaseCredentials {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY } = env;
  if (AWS_ACCESS_KEY_ID && AWS_SECRET_ACCESS_KEY) {
    return { accessKeyId: AWS_ACCESS_KEY_ID, secretAccessKey: AWS_SECRET_ACCESS_KEY, documentedDefault: false };
  }
  return { accessKeyId: LOCAL_DEFAULT_ACCESS_KEY_ID, secretAccessKey: LOCAL_DEFAULT_SECRET, documentedDefault: true };
}
