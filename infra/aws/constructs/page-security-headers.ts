/**
 * The response headers every page is served with (a CloudFront response headers policy). The
 * pages hold a device grant and, while they run, credentials for a doorbell's channel: the policy
 * keeps them on HTTPS (HSTS), out of Referer headers, out of frames, and lets a page load only
 * its own scripts and talk only to the two APIs, KVS and the snapshots bucket.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';

export interface PageConnections {
  /** The stack's region: the KVS endpoints the pages call are that region's. */
  region: string;
  /** Origins (scheme://host) of the device API and the access API. */
  apiOrigins: readonly string[];
  /** Where the setup page sends the owner to sign in with Amazon (a top-level navigation). */
  signInOrigin: string;
  /** The snapshots bucket's origin: the camera PUTs pictures there, the viewer shows them from there (presigned). */
  snapshotsOrigin: string;
}

/**
 * KVS's control plane (`kinesisvideo.<region>`, DescribeSignalingChannel and
 * GetSignalingChannelEndpoint) and the per-channel HTTPS and WSS endpoints it hands out
 * (`<id>.kinesisvideo.<region>`: GetIceServerConfig and the signaling socket). A CSP wildcard
 * needs at least one label before it, so the control plane is listed on its own.
 */
export function kvsSources(region: string): string[] {
  const domain = `kinesisvideo.${region}.amazonaws.com`;
  return [`https://${domain}`, `https://*.${domain}`, `wss://*.${domain}`];
}

export function contentSecurityPolicy(connections: PageConnections): string {
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self'"],
    // The favicon is `data:,`; blob: for media the pages make themselves.
    ['img-src', "'self'", 'data:', 'blob:', connections.snapshotsOrigin],
    ['media-src', "'self'", 'blob:'],
    // 'self' for site-config.json. WebRTC media and ICE are not fetches: CSP does not govern them.
    ['connect-src', "'self'", ...connections.apiOrigins, ...kvsSources(connections.region), connections.snapshotsOrigin],
    ['frame-ancestors', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'self'", connections.signInOrigin],
    ['object-src', "'none'"],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}

/** HSTS for two years: a browser that has seen the pages once never asks for them over HTTP. */
export const HSTS_MAX_AGE = Duration.days(730);

/** The camera page needs the camera, the microphone and a wake lock, and nothing else does. */
export const PERMISSIONS_POLICY = 'camera=(self), microphone=(self), screen-wake-lock=(self), geolocation=(), payment=(), usb=()';

export function pageResponseHeaders(scope: Construct, id: string, connections: PageConnections): cloudfront.ResponseHeadersPolicy {
  return new cloudfront.ResponseHeadersPolicy(scope, id, {
    comment: 'Alexa video doorbell pages: HSTS, CSP, no referrer, no framing',
    securityHeadersBehavior: {
      strictTransportSecurity: { accessControlMaxAge: HSTS_MAX_AGE, includeSubdomains: true, override: true },
      contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(connections), override: true },
      // The setup page's address carries an authorization code or an enrollment code for a moment.
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
    },
    customHeadersBehavior: {
      customHeaders: [
        { header: 'Permissions-Policy', value: PERMISSIONS_POLICY, override: true },
        { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
      ],
    },
  });
}
