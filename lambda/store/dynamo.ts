/** The one DynamoDB document client of a runtime, created on first use and kept while warm. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SkillConfig } from '../config.js';

export type Doc = DynamoDBDocumentClient;

export function lazyDocumentClient(config: SkillConfig): () => Doc {
  let doc: Doc | undefined;
  return () => {
    doc ??= DynamoDBDocumentClient.from(
      new DynamoDBClient({
        region: config.aws.region,
        endpoint: config.aws.endpoints.dynamodb,
        credentials: config.aws.credentials,
        // A store that is briefly unreachable or hangs must fail fast enough to answer Alexa in time.
        // Without throwOnRequestTimeout the SDK only logs a warning at requestTimeout and keeps waiting.
        maxAttempts: 2,
        requestHandler: { connectionTimeout: 1000, requestTimeout: 2000, throwOnRequestTimeout: true },
      }),
      { marshallOptions: { removeUndefinedValues: true } },
    );
    return doc;
  };
}

function isConditionFailed(err: unknown): boolean {
  return err instanceof Error && err.name === 'ConditionalCheckFailedException';
}

/** A conditional write's result, or undefined when its condition failed; any other failure is thrown. */
export async function unlessConditionFailed<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (err) {
    if (isConditionFailed(err)) return undefined;
    throw err;
  }
}
