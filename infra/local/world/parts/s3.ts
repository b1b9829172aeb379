/**
 * The local S3 (../s3/): s3rver behind a front that verifies SigV4 as S3 does, with the snapshots
 * bucket the skill uses. Only the world's own credentials sign (the skill's Lambdas, and the
 * presigned URLs they hand the pages); pages of the stack's own origins may PUT and GET with
 * those presigned URLs, any other origin is refused (the local services' one origin policy). Objects live under `<dataDir>/s3`.
 */
import { SKILL_VARIABLES } from '../../../../contracts/skill-config.js';
import { startLocalS3, type LocalS3 } from '../../s3/index.js';
import type { Part } from '../types.js';

export interface S3Options {
  /** More origins whose pages may use presigned URLs (a test's blank page). */
  origins?: string[];
}

export interface S3Handle {
  /** http://127.0.0.1:<port>, for AWS_ENDPOINT_URL_S3 (path-style). */
  readonly endpoint: string;
  /** The snapshots bucket (SNAPSHOTS_BUCKET's default). */
  readonly bucket: string;
  readonly control: LocalS3['control'];
}

export const s3Part: Part<'s3'> = {
  needs: [],
  async start(options, _parts, ctx) {
    const { credentials, region } = ctx.account;
    const bucket = SKILL_VARIABLES.snapshotsBucket.default;
    const dir = ctx.dataPath('s3');
    const s3 = await startLocalS3({
      host: ctx.host,
      port: ctx.port('s3'),
      region,
      buckets: [bucket],
      ...(dir ? { directory: dir } : {}),
      lookupCredentials: (id) => (id === credentials.accessKeyId ? { secretAccessKey: credentials.secretAccessKey } : undefined),
      // The stack's pages (none without a web server), read at each request as every service's guard does.
      allowedOrigins: () => [...ctx.pageOrigins(), ...(options.origins ?? [])],
    });
    ctx.log(`S3 (s3rver behind a SigV4 front) on ${s3.endpoint}, bucket ${bucket}`);
    return { handle: { endpoint: s3.endpoint, bucket, control: s3.control }, stop: () => s3.close(), service: { name: 'S3 (snapshots)', url: s3.endpoint } };
  },
};
