/**
 * The pages' three roles, least privilege, scoped per doorbell (the design's page-role table):
 * - camera: KVS master of its doorbell's channel; the device API (heartbeat, status, press);
 * - button: the device API only (status, press): no KVS right at all, so a copied button page
 *   can never join the channel, let alone as its master;
 * - viewer: KVS viewer of its doorbell's channel; the device API (status).
 *
 * Only the access API's function may assume them (STS AssumeRole, after it checked a device
 * grant), and only with a session name that is a configured endpointId. Every KVS statement is
 * conditioned on `aws:userid` (`<role id>:<session name>`), so a session named `front-door`
 * reaches front-door's channel and no other. The device API takes calls from all three through
 * its function URL and checks each route against the caller's role and session name itself.
 */
import { Duration, Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { PageRole } from '../../../contracts/page-roles.js';
import type { DoorbellChannel } from './signaling-channels.js';

/** STS's floor for a role's maximum; the access API asks 15 minutes (STS's minimum). */
export const PAGE_ROLE_MAX_SESSION = Duration.hours(1);

const CHANNEL_COMMON_ACTIONS = [
  'kinesisvideo:DescribeSignalingChannel',
  'kinesisvideo:GetSignalingChannelEndpoint',
  'kinesisvideo:GetIceServerConfig',
];

/** The KVS action that makes a session a master or a viewer; the button has none. */
const CONNECT_ACTION: Readonly<Record<PageRole, string | undefined>> = {
  camera: 'kinesisvideo:ConnectAsMaster',
  button: undefined,
  viewer: 'kinesisvideo:ConnectAsViewer',
};

const DESCRIPTION: Readonly<Record<PageRole, string>> = {
  camera: 'Doorbell camera page: KVS master of its own channel, and the doorbell-device API',
  button: 'Doorbell button page: the doorbell-device API only (status, press), no KVS',
  viewer: 'Doorbell viewer page: KVS viewer of its own channel, and the doorbell-device API (status)',
};

export interface PageRolesProps {
  channels: readonly DoorbellChannel[];
  deviceApi: lambda.IFunction;
  /** The access API function's role, the only principal that may assume the page roles. */
  assumedBy: iam.IRole;
}

export class PageRoles extends Construct {
  readonly byRole: Readonly<Record<PageRole, iam.Role>>;

  constructor(scope: Construct, id: string, props: PageRolesProps) {
    super(scope, id);
    const role = (pageRole: PageRole, constructId: string) => this.role(constructId, pageRole, props);
    this.byRole = { camera: role('camera', 'Camera'), button: role('button', 'Button'), viewer: role('viewer', 'Viewer') };
  }

  get all(): iam.Role[] {
    return Object.values(this.byRole);
  }

  private role(id: string, pageRole: PageRole, props: PageRolesProps): iam.Role {
    const sessionNames = props.channels.map((c) => c.doorbell.endpointId);
    const role = new iam.Role(this, id, {
      description: DESCRIPTION[pageRole],
      maxSessionDuration: PAGE_ROLE_MAX_SESSION,
      assumedBy: new iam.ArnPrincipal(props.assumedBy.roleArn).withConditions({
        StringEquals: { 'sts:RoleSessionName': sessionNames },
      }),
    });
    const connect = CONNECT_ACTION[pageRole];
    if (connect) {
      for (const channel of props.channels) {
        role.addToPolicy(
          new iam.PolicyStatement({
            actions: [connect, ...CHANNEL_COMMON_ACTIONS],
            resources: [channel.channelArn],
            conditions: {
              StringEquals: { 'aws:userid': Fn.join(':', [role.roleId, channel.doorbell.endpointId]) },
            },
          }),
        );
      }
    }
    // Through the function URL only (the grant's conditions); which route a role may call is
    // the device API's own check.
    props.deviceApi.grantInvokeUrl(role);
    return role;
  }
}
