/**
 * The camera's pictures (presses and motion starts): a private, encrypted bucket that refuses
 * plain HTTP and forgets every picture after EVENT_RETENTION_DAYS, as the events table's TTL
 * forgets the events. Nobody reads or writes it directly: the device API presigns the camera's
 * PUT and the viewer's GETs (the pages' CORS is set at deploy time, snapshots-bucket-cors.ts), and
 * the access API reads a picture for Alexa's GetSnapshot link. Each of them gets one action on
 * the snapshots prefix, nothing else.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { EVENT_RETENTION_DAYS, SNAPSHOT_KEY_PREFIX } from '../../../contracts/snapshots.js';
import { PRIVATE_BUCKET } from './private-bucket.js';

export class SnapshotsBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...PRIVATE_BUCKET,
      lifecycleRules: [
        {
          id: 'ExpireSnapshots',
          prefix: SNAPSHOT_KEY_PREFIX,
          expiration: Duration.days(EVENT_RETENTION_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      // Kept on `cdk destroy` like the tables (a non-empty bucket cannot be deleted by
      // CloudFormation); its pictures expire on their own.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** The ARN pattern of every snapshot (the prefix the backend chooses keys under). */
  get snapshotsArn(): string {
    return this.bucket.arnForObjects(`${SNAPSHOT_KEY_PREFIX}*`);
  }

  /** Presigning the camera's PUT: the URL carries the signer's rights, so the signer needs PutObject. */
  grantPresignedPut(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({ grantee, actions: ['s3:PutObject'], resourceArns: [this.snapshotsArn] });
  }

  /** Reading pictures (and HEAD, which S3 authorizes as GetObject): the confirm, history presigns, GetSnapshot's route. */
  grantReadSnapshots(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({ grantee, actions: ['s3:GetObject'], resourceArns: [this.snapshotsArn] });
  }
}
