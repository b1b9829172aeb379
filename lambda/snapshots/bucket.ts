/**
 * The snapshots bucket, through `@aws-sdk/client-s3` and its presigner, imported on first use (a
 * chunk of its own: a Discover or ReportState never loads them). In AWS the client uses the
 * default endpoint and virtual-hosted addressing; locally AWS_ENDPOINT_URL_S3 and path-style
 * (S3_FORCE_PATH_STYLE) point the same code at the local S3.
 */
import type { SkillConfig } from '../config.js';

export interface StoredObject {
  bytes: number;
  contentType?: string;
}

export interface SnapshotBucket {
  /** A PUT URL that takes exactly this content type and length at this key, for `expiresInS`. */
  presignPut(key: string, contentType: string, contentLength: number, expiresInS: number): Promise<string>;
  /** A GET URL of this key, for `expiresInS`. */
  presignGet(key: string, expiresInS: number): Promise<string>;
  /** The object's size and type, or undefined when there is none. */
  head(key: string): Promise<StoredObject | undefined>;
  /** The object's bytes, or undefined when there is none. */
  read(key: string): Promise<{ body: Uint8Array; contentType?: string } | undefined>;
}

const isNotFound = (err: unknown) => err instanceof Error && (err.name === 'NotFound' || err.name === 'NoSuchKey');

export function lazySnapshotBucket(config: SkillConfig): SnapshotBucket {
  let loaded: Promise<SnapshotBucket> | undefined;
  const load = () => {
    loaded ??= build(config).catch((err: unknown) => {
      loaded = undefined;
      throw err;
    });
    return loaded;
  };
  return {
    presignPut: async (...args) => (await load()).presignPut(...args),
    presignGet: async (...args) => (await load()).presignGet(...args),
    head: async (key) => (await load()).head(key),
    read: async (key) => (await load()).read(key),
  };
}

async function build(config: SkillConfig): Promise<SnapshotBucket> {
  const [{ S3Client, PutObjectCommand, GetObjectCommand, HeadObjectCommand }, { getSignedUrl }] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/s3-request-presigner')]);
  const Bucket = config.snapshots.bucket;
  const client = new S3Client({
    region: config.aws.region,
    endpoint: config.aws.endpoints.s3,
    forcePathStyle: config.snapshots.forcePathStyle,
    credentials: config.aws.credentials,
    // Checksums only where S3 requires them: a presigned PUT with the SDK's default CRC32 would
    // carry a checksum of an empty body that the camera's real picture never matches.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
  });
  return {
    presignPut: (Key, ContentType, ContentLength, expiresIn) =>
      getSignedUrl(client, new PutObjectCommand({ Bucket, Key, ContentType, ContentLength }), { expiresIn, signableHeaders: new Set(['content-type', 'content-length']) }),
    presignGet: (Key, expiresIn) => getSignedUrl(client, new GetObjectCommand({ Bucket, Key }), { expiresIn }),
    async head(Key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket, Key }));
        return { bytes: head.ContentLength ?? 0, ...(head.ContentType ? { contentType: head.ContentType } : {}) };
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    async read(Key) {
      try {
        const got = await client.send(new GetObjectCommand({ Bucket, Key }));
        return { body: await got.Body!.transformToByteArray(), ...(got.ContentType ? { contentType: got.ContentType } : {}) };
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
  };
}
