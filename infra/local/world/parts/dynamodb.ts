/** DynamoDB (dynalite, infra/local/dynamodb/) with the skill's tables; data on disk with the world's. */
import type { DoorbellItem } from '../../../../contracts/tables.js';
import { createTables, seedDoorbells, startDynamo } from '../../dynamodb/index.js';
import type { Part } from '../types.js';

export type DynamodbOptions = Record<string, never>;

export interface DynamodbHandle {
  /** http://127.0.0.1:<port>, for AWS_ENDPOINT_URL_DYNAMODB. */
  readonly endpoint: string;
  /** Writes doorbells into the registry as they are (a camera's heartbeat, a test's fixture). */
  putDoorbells(items: DoorbellItem[]): Promise<void>;
}

export const dynamodbPart: Part<'dynamodb'> = {
  needs: [],
  async start(_options, _deps, ctx) {
    const signer = { region: ctx.account.region, credentials: ctx.account.credentials };
    const dynamo = await startDynamo({ credentials: ctx.account.credentials, host: ctx.host, port: ctx.port('dynamodb'), dataDir: ctx.dataPath('dynamodb') });
    try {
      await createTables(dynamo.endpoint, signer);
    } catch (err) {
      await dynamo.close();
      throw err;
    }
    ctx.log(`DynamoDB (dynalite) on ${dynamo.endpoint}`);
    return {
      handle: { endpoint: dynamo.endpoint, putDoorbells: (items) => seedDoorbells(dynamo.endpoint, signer, items) },
      stop: () => dynamo.close(),
      service: { name: 'DynamoDB (dynalite)', url: dynamo.endpoint },
    };
  },
};
