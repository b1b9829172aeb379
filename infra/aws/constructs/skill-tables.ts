/** The skill's DynamoDB tables, built from the shared definitions (contracts/tables.ts). */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { TableDefinition } from '../../../contracts/tables.js';

export class SkillTables extends Construct {
  /** Keyed by the table definition's `envVar` (USERS_TABLE, DOORBELLS_TABLE, ...). */
  readonly byEnvVar: ReadonlyMap<string, dynamodb.Table>;

  constructor(scope: Construct, id: string, definitions: readonly TableDefinition[]) {
    super(scope, id);
    const tables = new Map<string, dynamodb.Table>();
    for (const definition of definitions) tables.set(definition.envVar, this.tableFrom(definition));
    this.byEnvVar = tables;
  }

  get(definition: TableDefinition): dynamodb.Table {
    const table = this.byEnvVar.get(definition.envVar);
    if (!table) throw new Error(`no table for ${definition.envVar}`);
    return table;
  }

  private tableFrom(definition: TableDefinition): dynamodb.Table {
    // Names are left to CloudFormation so that a second stack (another region, a test account)
    // never collides; the Lambda learns them from its environment.
    const table = new dynamodb.Table(this, pascal(definition.defaultName), {
      partitionKey: { name: definition.partitionKey, type: dynamodb.AttributeType.STRING },
      ...(definition.sortKey ? { sortKey: { name: definition.sortKey, type: dynamodb.AttributeType.STRING } } : {}),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      ...(definition.ttlAttribute ? { timeToLiveAttribute: definition.ttlAttribute } : {}),
      // Linked users' refresh tokens, the doorbell registry and the enrolled devices outlive a
      // `cdk destroy` by design: deleting them would force every owner to re-link and re-enroll.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of definition.globalSecondaryIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    return table;
  }
}

function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
