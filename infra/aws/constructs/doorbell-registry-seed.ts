/**
 * Writes each configured doorbell into the registry table at deploy time, so the skill's
 * discovery lists it. UpdateItem (not PutItem) keeps the camera state the skill keeps on the
 * same item (online, lastSeenAt, lastPressAt) across redeploys.
 */
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { DoorbellItem } from '../../../contracts/tables.js';
import type { DoorbellChannel } from './signaling-channels.js';

/** The registry fields the stack owns (the rest of DoorbellItem is the skill's runtime state). */
type RegistryFields = Pick<DoorbellItem, 'name' | 'ownerEmail' | 'channelName' | 'channelArn' | 'description'>;

export interface DoorbellRegistrySeedProps {
  table: dynamodb.ITable;
  channels: readonly DoorbellChannel[];
  /** The stack's one provider of deploy-time AWS calls (every AwsCustomResource shares it). */
  deployCalls: { role: iam.IRole; logGroup: logs.ILogGroup };
}

export class DoorbellRegistrySeed extends Construct {
  constructor(scope: Construct, id: string, props: DoorbellRegistrySeedProps) {
    super(scope, id);
    const policy = cr.AwsCustomResourcePolicy.fromStatements([
      new iam.PolicyStatement({ actions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem'], resources: [props.table.tableArn] }),
    ]);
    for (const channel of props.channels) {
      const key = { endpointId: { S: channel.doorbell.endpointId } };
      const fields: RegistryFields = {
        name: channel.doorbell.name,
        ownerEmail: channel.doorbell.ownerEmail,
        channelName: channel.channelName,
        channelArn: channel.channelArn,
        ...(channel.doorbell.description ? { description: channel.doorbell.description } : {}),
      };
      const names = Object.keys(fields);
      const upsert: cr.AwsSdkCall = {
        service: 'DynamoDB',
        action: 'updateItem',
        parameters: {
          TableName: props.table.tableName,
          Key: key,
          UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
          ExpressionAttributeValues: Object.fromEntries(
            names.map((n, i) => [`:v${i}`, { S: fields[n as keyof RegistryFields] as string }]),
          ),
        },
        physicalResourceId: cr.PhysicalResourceId.of(`doorbell-${channel.doorbell.endpointId}`),
      };
      new cr.AwsCustomResource(this, channel.doorbell.endpointId, {
        onCreate: upsert,
        onUpdate: upsert,
        onDelete: { service: 'DynamoDB', action: 'deleteItem', parameters: { TableName: props.table.tableName, Key: key } },
        policy,
        // The Lambda runtime's own SDK is enough; installing the latest one would need the internet at deploy.
        installLatestAwsSdk: false,
        logGroup: props.deployCalls.logGroup,
        role: props.deployCalls.role,
      });
    }
  }
}
