/**
 * `GET /local/page-config/{endpointId}?role=camera|viewer|doorbell`: what a local page needs to
 * run (camera/config.ts), with credentials issued for that doorbell and role only, as an AWS
 * deployment would hand out by assuming the device role.
 */
import type { PageConfig } from '../../../camera/config.js';
import type { DoorbellItem } from '../../../lambda/store/tables.js';
import type { CredentialIssuer, PageRole } from './credential-issuer.js';

export const PAGE_ROLES: readonly PageRole[] = ['camera', 'viewer', 'doorbell'];

export function isPageRole(value: string | null): value is PageRole {
  return value !== null && (PAGE_ROLES as readonly string[]).includes(value);
}

export function buildPageConfig(
  doorbell: DoorbellItem,
  role: PageRole,
  opts: { region: string; kvsEndpoint: string; deviceApiUrl: string; issuer: CredentialIssuer },
): PageConfig {
  return {
    endpointId: doorbell.endpointId,
    name: doorbell.name,
    region: opts.region,
    channelName: doorbell.channelName,
    channelArn: doorbell.channelArn,
    kvsEndpoint: opts.kvsEndpoint,
    deviceApiUrl: opts.deviceApiUrl.replace(/\/+$/, ''),
    // Function URLs sign as the `lambda` service.
    deviceApiSigning: { region: opts.region, service: 'lambda' },
    credentials: opts.issuer.issue(doorbell.endpointId, role),
  };
}

/** What each page role may do on the doorbell's signaling channel (none for the announcement page). */
export function kvsScope(role: PageRole, channelArn: string): { allowedChannelArns: string[]; allowedRoles: ('MASTER' | 'VIEWER')[] } {
  if (role === 'camera') return { allowedChannelArns: [channelArn], allowedRoles: ['MASTER'] };
  if (role === 'viewer') return { allowedChannelArns: [channelArn], allowedRoles: ['VIEWER'] };
  return { allowedChannelArns: [], allowedRoles: [] };
}
