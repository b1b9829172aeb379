/**
 * What every bucket of the stack is: private (no public access, no ACLs), encrypted at rest,
 * reachable over TLS only. The pages bucket and the snapshots bucket both start from it.
 */
import * as s3 from 'aws-cdk-lib/aws-s3';

export const PRIVATE_BUCKET: Pick<s3.BucketProps, 'blockPublicAccess' | 'encryption' | 'enforceSSL' | 'objectOwnership'> = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  encryption: s3.BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
};
