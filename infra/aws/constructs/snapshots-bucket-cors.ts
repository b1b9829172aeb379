/**
 * The snapshots bucket's CORS for the pages' origins, set at deploy time (S3 PutBucketCors, on
 * that bucket only), for the same reason page-origin-cors.ts sets the APIs': the pages' CSP names
 * the bucket and the bucket's CORS would name the distribution, a cycle in the template. The
 * camera page PUTs a picture (its signed content-type), the viewer page GETs them; the presigned
 * URL's signature, not CORS, is what keeps anyone else out.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

export const SNAPSHOTS_CORS_MAX_AGE_S = 3600;

export interface SnapshotsBucketCorsProps {
  bucket: s3.IBucket;
  origins: readonly string[];
  deployCalls: { role: iam.IRole; logGroup: logs.ILogGroup };
}

export class SnapshotsBucketCors extends Construct {
  constructor(scope: Construct, id: string, props: SnapshotsBucketCorsProps) {
    super(scope, id);
    const call: cr.AwsSdkCall = {
      service: 'S3',
      action: 'putBucketCors',
      parameters: {
        Bucket: props.bucket.bucketName,
        CORSConfiguration: {
          CORSRules: [{ AllowedOrigins: [...props.origins], AllowedMethods: ['PUT', 'GET'], AllowedHeaders: ['content-type'], MaxAgeSeconds: SNAPSHOTS_CORS_MAX_AGE_S }],
        },
      },
      physicalResourceId: cr.PhysicalResourceId.of('snapshots-bucket-cors'),
    };
    new cr.AwsCustomResource(this, 'Call', {
      onCreate: call,
      onUpdate: call,
      policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({ actions: ['s3:PutBucketCORS'], resources: [props.bucket.bucketArn] })]),
      installLatestAwsSdk: false,
      role: props.deployCalls.role,
      logGroup: props.deployCalls.logGroup,
    });
  }
}
