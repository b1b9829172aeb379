/**
 * The baseline as a Lambda module (bundled only by the benchmark, to compare bundle size and cold
 * import with the skill): the SDK clients are imported and created at load, as the original sample does.
 */
import { createBaselineSkill } from './skill-baseline.js';

export const handler = createBaselineSkill({
  region: process.env.AWS_REGION ?? 'us-east-1',
  kvsEndpoint: process.env.AWS_ENDPOINT_URL_KINESIS_VIDEO ?? '',
  dynamoEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB ?? '',
  credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '' },
});
