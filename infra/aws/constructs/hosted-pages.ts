/**
 * The pages (dist/camera), hosted: a private S3 bucket that only CloudFront may read (origin
 * access control), served over HTTPS only with the pages' security headers, and the pages'
 * site-config.json written beside them from the stack's values, so a page needs nothing from its
 * URL. Nothing but a browser runs on the camera laptop, a phone or a tablet.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { SETUP_PAGE } from '../../../contracts/page-roles.js';
import { SITE_CONFIG_FILE, type SiteConfig } from '../../../contracts/site-config.js';
import { pageResponseHeaders, type PageConnections } from './page-security-headers.js';
import { PRIVATE_BUCKET } from './private-bucket.js';

export interface CustomDomain {
  /** Host names (doorbell.example.com) the certificate covers. */
  domainNames: readonly string[];
  /** An ACM certificate in us-east-1 (CloudFront's rule). */
  certificateArn: string;
}

export interface HostedPagesProps {
  /** The built pages (dist/camera). */
  pagesDir: string;
  siteConfig: SiteConfig;
  connections: PageConnections;
  customDomain?: CustomDomain;
  /** The deployment's copy function runs as this role and logs here (the role gets its bucket rights here). */
  deployment: { role: iam.IRole; logGroup: logs.ILogGroup };
}

export class HostedPages extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** Every origin the pages are served from: the custom domain names first, then CloudFront's own. */
  readonly origins: string[];

  constructor(scope: Construct, id: string, props: HostedPagesProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...PRIVATE_BUCKET,
      // Kept on `cdk destroy`, like the tables: a non-empty bucket cannot be deleted by
      // CloudFormation, and emptying it on delete (autoDeleteObjects) would add a helper Lambda
      // under a managed policy.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Alexa video doorbell pages',
      defaultRootObject: SETUP_PAGE,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: pageResponseHeaders(this, 'Headers', props.connections),
        compress: true,
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      ...(props.customDomain
        ? {
            domainNames: [...props.customDomain.domainNames],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.customDomain.certificateArn),
            // CloudFront's own domain has a fixed TLS policy; a custom one can refuse old TLS.
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    this.origins = [...(props.customDomain?.domainNames ?? []).map((name) => `https://${name}`), `https://${this.distribution.distributionDomainName}`];

    new s3deploy.BucketDeployment(this, 'Deployment', {
      sources: [s3deploy.Source.asset(props.pagesDir), s3deploy.Source.jsonData(SITE_CONFIG_FILE, props.siteConfig)],
      destinationBucket: this.bucket,
      // The pages' file names carry no content hash, and site-config.json changes with the
      // stack: browsers revalidate every load, and CloudFront holds them for its minimum of a
      // second, so a redeploy reaches every device without an invalidation (whose IAM action
      // the deployment would get on every distribution, `Resource: "*"`).
      cacheControl: [s3deploy.CacheControl.noCache()],
      role: props.deployment.role,
      logGroup: props.deployment.logGroup,
    });
  }

  /** The origin the stack prints links for: the first custom domain, else CloudFront's. */
  get origin(): string {
    return this.origins[0]!;
  }
}
