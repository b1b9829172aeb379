/**
 * Who is calling the device API: the function URL's IAM auth (AWS) or the local SigV4 check has
 * verified the signature and put the caller's ARN in `requestContext.authorizer.iam`. A page's
 * credentials are a session of one of the three page roles (`arn:aws:sts::<account>:assumed-role/
 * <role name>/<endpointId>`): the role name says its page role (matched against the configured
 * role ARNs, account included), the session name the one doorbell it may act on.
 */
import type { PageRole } from '../../contracts/page-roles.js';
import type { SkillConfig } from '../config.js';
import { DeviceApiFailure, type FunctionUrlEvent } from './function-url.js';

export interface DeviceCaller {
  role: PageRole;
  /** The session name: the only doorbell these credentials may act on. */
  endpointId: string;
}

const ASSUMED_ROLE = /^arn:aws[a-z-]*:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[^/]+\/)*([^/]+)$/;

/** `<account>/<role name>` -> page role, from the configured role ARNs (a path in the ARN is not in the session's ARN). */
export function pageRolesByName(roles: SkillConfig['pageRoles']): ReadonlyMap<string, PageRole> {
  const byName = new Map<string, PageRole>();
  for (const [role, arn] of Object.entries(roles) as [PageRole, string | undefined][]) {
    const m = arn ? ROLE_ARN.exec(arn) : null;
    if (m) byName.set(`${m[1]}/${m[2]}`, role);
  }
  return byName;
}

/** The caller's page role and doorbell; throws the refusal (401 unsigned, 403 anyone else). */
export function identifyCaller(event: FunctionUrlEvent, rolesByName: ReadonlyMap<string, PageRole>): DeviceCaller {
  const iam = event.requestContext?.authorizer?.iam;
  if (!iam || typeof iam.userArn !== 'string' || !iam.userArn) throw new DeviceApiFailure('UNAUTHORIZED', 'Signed requests only.');
  // Fails closed: a device API without its page roles configured serves nobody.
  if (rolesByName.size === 0) throw new DeviceApiFailure('FORBIDDEN', 'The doorbell service has no page roles configured.');
  const m = ASSUMED_ROLE.exec(iam.userArn);
  const role = m ? rolesByName.get(`${m[1]}/${m[2]}`) : undefined;
  if (!m || !role) throw new DeviceApiFailure('FORBIDDEN', "These credentials are not a doorbell page's.");
  return { role, endpointId: m[3]! };
}
