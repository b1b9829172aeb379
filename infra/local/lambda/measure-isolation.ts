/**
 * Measures the two ways the local Invoke API can host a function, to choose the default:
 *   npx tsx infra/local/lambda/measure-isolation.ts [bundle]   (default dist/lambda/index.mjs)
 * For each isolation: the cold call as the caller sees it (start + import + first answer), the
 * bundle's import time (Lambda's "Init Duration"), and warm calls, through the real SDK client.
 * The skill answers the malformed directive used here without any network call of its own.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import path from 'node:path';
import { startLambdaInvokeApi } from './invoke-api.js';
import type { Isolation } from './execution-environment.js';

const bundlePath = path.resolve(process.argv[2] ?? 'dist/lambda/index.mjs');
const WARM_CALLS = 30;
const ROUNDS = 5;
const CREDENTIALS = { accessKeyId: 'MEASUREKEY', secretAccessKey: 'measure-secret' };
const PAYLOAD = Buffer.from('{"directive":{}}');

const percentile = (xs: number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

interface Sample {
  cold: number;
  init: number;
  warm: number[];
}

async function measure(isolation: Isolation): Promise<Sample> {
  const api = await startLambdaInvokeApi({
    functions: { skill: { bundlePath, env: { LWA_CLIENT_ID: 'measure', LWA_CLIENT_SECRET: 'measure' }, isolation } },
    lookupCredentials: (id) => (id === CREDENTIALS.accessKeyId ? { secretAccessKey: CREDENTIALS.secretAccessKey } : undefined),
    onLog: () => undefined,
  });
  const client = new LambdaClient({ endpoint: api.endpoint, region: 'us-east-1', credentials: { ...CREDENTIALS }, maxAttempts: 1 });
  try {
    // A DryRun starts no environment: it only warms the client (its first request sets itself up).
    await client.send(new InvokeCommand({ FunctionName: 'skill', InvocationType: 'DryRun' }));
    let started = performance.now();
    const first = await client.send(new InvokeCommand({ FunctionName: 'skill', Payload: PAYLOAD, LogType: 'Tail' }));
    const cold = performance.now() - started;
    if (first.FunctionError) throw new Error(Buffer.from(first.Payload ?? []).toString());
    const report = Buffer.from(first.LogResult ?? '', 'base64').toString('utf8');
    const init = Number(/Init Duration: ([\d.]+) ms/.exec(report)?.[1] ?? NaN);
    const warm: number[] = [];
    for (let i = 0; i < WARM_CALLS; i++) {
      started = performance.now();
      await client.send(new InvokeCommand({ FunctionName: 'skill', Payload: PAYLOAD }));
      warm.push(performance.now() - started);
    }
    return { cold, init, warm };
  } finally {
    client.destroy();
    await api.close();
  }
}

const samples: Record<Isolation, Sample[]> = { worker: [], process: [] };
for (let round = 0; round < ROUNDS; round++) {
  // Alternate the order so neither isolation always runs on a warmer machine.
  const order: Isolation[] = round % 2 === 0 ? ['worker', 'process'] : ['process', 'worker'];
  for (const isolation of order) samples[isolation].push(await measure(isolation));
}
const ms = (x: number) => `${x.toFixed(1)} ms`;
console.log(`bundle ${path.relative(process.cwd(), bundlePath)}: medians of ${ROUNDS} rounds; warm = ${WARM_CALLS} calls per round`);
console.log('| isolation | cold call | of which bundle import | warm p50 | warm p95 |');
console.log('| --- | --- | --- | --- | --- |');
for (const isolation of ['worker', 'process'] as const) {
  const s = samples[isolation];
  const warm = s.flatMap((x) => x.warm);
  console.log(
    `| ${isolation} | ${ms(percentile(s.map((x) => x.cold), 50))} | ${ms(percentile(s.map((x) => x.init), 50))} | ${ms(percentile(warm, 50))} | ${ms(percentile(warm, 95))} |`,
  );
}
