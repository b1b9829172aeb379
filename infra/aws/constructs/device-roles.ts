/**
 * Short-lived credentials for the pages, scoped per doorbell.
 *
 * Two roles, each assumed through STS by `npm run camera-url` with the person's own AWS
 * credentials (anyone in this account allowed to call sts:AssumeRole on them):
 * - the camera role: KVS master of a doorbell's channel, and the device API (heartbeat, press);
 * - the viewer role: KVS viewer of a doorbell's channel.
 *
 * The role session name is the doorbell's endpointId. The trust policy accepts only configured
 * endpointIds as session names, and every KVS statement is conditioned on `aws:userid`
 * (`<role id>:<session name>`), so a session named `front-door` reaches front-door's channel and
 * no other. The device API reads the same session name from the caller's ARN to know which
 * doorbell is calling (DEVICE_ROLE_NAME tells it which role's sessions to accept).
 */
import { Duration, Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { DoorbellChannel } from './signaling-channels.js';

/** STS's ceiling for AssumeRole without role chaining. */
export const DEVICE_ROLE_MAX_SESSION = Duration.hours(12);

const CHANNEL_COMMON_ACTIONS = [
  'kinesisvideo:DescribeSignalingChannel',
  'kinesisvideo:GetSignalingChannelEndpoint',
  'kinesisvideo:GetIceServerConfig',
];

export class DeviceRoles extends Construct {
  readonly camera: iam.Role;
  readonly viewer: iam.Role;

  constructor(scope: Construct, id: string, props: { channels: readonly DoorbellChannel[]; deviceApi: lambda.IFunction }) {
    super(scope, id);
    this.camera = this.role('Camera', 'Doorbell camera page: KVS master of its own channel, and the doorbell-device API', props.channels, 'kinesisvideo:ConnectAsMaster');
    props.deviceApi.grantInvokeUrl(this.camera);
    this.viewer = this.role('Viewer', 'Doorbell viewer page: KVS viewer of its own channel', props.channels, 'kinesisvideo:ConnectAsViewer');
  }

  private role(id: string, description: string, channels: readonly DoorbellChannel[], connectAction: string): iam.Role {
    const sessionNames = channels.map((c) => c.doorbell.endpointId);
    const role = new iam.Role(this, id, {
      description,
      maxSessionDuration: DEVICE_ROLE_MAX_SESSION,
      assumedBy: new iam.AccountRootPrincipal().withConditions({
        StringEquals: { 'sts:RoleSessionName': sessionNames },
      }),
    });
    for (const channel of channels) {
      role.addToPolicy(
        new iam.PolicyStatement({
          actions: [connectAction, ...CHANNEL_COMMON_ACTIONS],
          resources: [channel.channelArn],
          conditions: {
            StringEquals: { 'aws:userid': Fn.join(':', [role.roleId, channel.doorbell.endpointId]) },
          },
        }),
      );
    }
    return role;
  }
}
