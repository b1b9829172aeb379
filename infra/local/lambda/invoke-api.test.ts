import { fileURLToPath } from 'node:url';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFunctionRef, startLambdaInvokeApi, type LambdaInvokeApi } from './invoke-api.js';
import { LOCAL_REGION, newLocalCredentials } from '../local-account.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/test-function.mjs', import.meta.url));
const CREDENTIALS = newLocalCredentials();

const decode = (bytes: Uint8Array | undefined): any => JSON.parse(Buffer.from(bytes ?? []).toString('utf8'));

describe('local Lambda Invoke API', () => {
  let api: LambdaInvokeApi;
  let client: LambdaClient;
  const logLines: string[] = [];

  const invoke = (FunctionName: string, payload: unknown, extra: Partial<ConstructorParameters<typeof InvokeCommand>[0]> = {}) =>
    client.send(new InvokeCommand({ FunctionName, Payload: Buffer.from(JSON.stringify(payload)), ...extra }));

  beforeAll(async () => {
    process.env.PARENT_ONLY = 'must not leak into functions';
    api = await startLambdaInvokeApi({
      functions: {
        skill: { bundlePath: FIXTURE, env: { FIXTURE_VAR: 'skill-value' }, timeoutMs: 1_000, maxConcurrency: 2 },
        other: { bundlePath: FIXTURE, env: { FIXTURE_VAR: 'other-value', AWS_REGION: 'eu-west-1' } },
        broken: { bundlePath: FIXTURE, exportName: 'noSuchExport', env: {} },
      },
      lookupCredentials: (id) => (id === CREDENTIALS.accessKeyId ? { secretAccessKey: CREDENTIALS.secretAccessKey } : undefined),
      onLog: (name, line) => logLines.push(`${name}: ${line}`),
    });
    client = new LambdaClient({ endpoint: api.endpoint, region: LOCAL_REGION, credentials: CREDENTIALS, maxAttempts: 1 });
  });
  afterAll(async () => {
    delete process.env.PARENT_ONLY;
    client.destroy();
    await api.close();
  });

  it('invokes a function through the real SDK client, with its own environment and a Lambda context', async () => {
    const res = await invoke('skill', { hello: 'world' });
    expect(res.StatusCode).toBe(200);
    expect(res.FunctionError).toBeUndefined();
    expect(res.ExecutedVersion).toBe('$LATEST');
    const out = decode(res.Payload);
    expect(out.event).toEqual({ hello: 'world' });
    expect(out.env).toEqual({
      FIXTURE_VAR: 'skill-value',
      AWS_REGION: 'us-east-1',
      AWS_LAMBDA_FUNCTION_NAME: 'skill',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
    });
    expect(out.context).toMatchObject({
      functionName: 'skill',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:skill',
      remainingPositive: true,
    });
    expect(out.context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps each function in its own environment', async () => {
    const other = decode((await invoke('other', {})).Payload);
    expect(other.env.FIXTURE_VAR).toBe('other-value');
    expect(other.env.AWS_REGION).toBe('eu-west-1');
    expect(other.env.AWS_LAMBDA_FUNCTION_NAME).toBe('other');
    expect(other.env.PARENT_ONLY).toBeUndefined();
  });

  it('reuses a warm environment across calls, as a warm Lambda does', async () => {
    const first = decode((await invoke('skill', {})).Payload);
    const second = decode((await invoke('skill', {})).Payload);
    expect(second.loadedAt).toBe(first.loadedAt);
    expect(second.invocations).toBe(first.invocations + 1);
    expect(api.control.stats('skill').coldStarts).toBe(1);
  });

  it('accepts the function as a name, a partial ARN or a full ARN with $LATEST', async () => {
    const arn = 'arn:aws:lambda:us-east-1:000000000000:function:skill';
    for (const ref of ['000000000000:function:skill', arn, `${arn}:$LATEST`]) {
      expect(decode((await invoke(ref, { ref })).Payload).event).toEqual({ ref });
    }
    expect(parseFunctionRef('arn:aws:lambda:us-east-1:000000000000:function:skill:prod')).toEqual({ name: 'skill', qualifier: 'prod' });
  });

  it('reports a thrown error as FunctionError Unhandled with Lambda error payload', async () => {
    const res = await invoke('skill', { action: 'throw' });
    expect(res.StatusCode).toBe(200);
    expect(res.FunctionError).toBe('Unhandled');
    expect(decode(res.Payload)).toMatchObject({ errorType: 'TypeError', errorMessage: 'boom from the fixture' });
  });

  it('raises ResourceNotFoundException for an unknown function or qualifier', async () => {
    await expect(invoke('nope', {})).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
    await expect(invoke('skill', {}, { Qualifier: '7' })).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('refuses unsigned requests, wrong secrets and unknown keys', async () => {
    const unsigned = await fetch(`${api.endpoint}/2015-03-31/functions/skill/invocations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');

    const wrongSecret = new LambdaClient({ endpoint: api.endpoint, region: LOCAL_REGION, maxAttempts: 1, credentials: { ...CREDENTIALS, secretAccessKey: 'not-it' } });
    await expect(wrongSecret.send(new InvokeCommand({ FunctionName: 'skill' }))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
    const unknownKey = new LambdaClient({ endpoint: api.endpoint, region: LOCAL_REGION, maxAttempts: 1, credentials: { accessKeyId: newLocalCredentials().accessKeyId, secretAccessKey: 'x' } });
    await expect(unknownKey.send(new InvokeCommand({ FunctionName: 'skill' }))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    const otherRegion = new LambdaClient({ endpoint: api.endpoint, region: 'eu-west-1', maxAttempts: 1, credentials: CREDENTIALS });
    await expect(otherRegion.send(new InvokeCommand({ FunctionName: 'skill' }))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
    for (const c of [wrongSecret, unknownKey, otherRegion]) c.destroy();
  });

  it('times out a call that runs past the function timeout, then serves the next call from a fresh environment', async () => {
    const res = await invoke('skill', { action: 'sleep', ms: 5_000 });
    expect(res.FunctionError).toBe('Unhandled');
    expect(decode(res.Payload).errorMessage).toMatch(/Task timed out after 1\.00 seconds/);
    const next = decode((await invoke('skill', {})).Payload);
    expect(next.invocations).toBe(1);
  });

  it('reports a function that exits its runtime, and recovers', async () => {
    const res = await invoke('skill', { action: 'exit' });
    expect(res.FunctionError).toBe('Unhandled');
    expect(decode(res.Payload)).toMatchObject({ errorType: 'Runtime.ExitError', errorMessage: expect.stringMatching(/exit status 3/) });
    expect((await invoke('skill', {})).FunctionError).toBeUndefined();
  });

  it('logs START, the function output, END and REPORT as Lambda writes them', async () => {
    const from = logLines.length;
    await invoke('skill', { action: 'log', text: 'log-me' });
    const lines = logLines.slice(from).filter((l) => l.startsWith('skill: ')).map((l) => l.slice('skill: '.length));
    expect(lines[0]).toMatch(/^START RequestId: [0-9a-f-]{36} Version: \$LATEST$/);
    expect(lines[1]).toMatch(/\tINFO\thello from the fixture log-me$/);
    expect(lines[2]).toMatch(/^END RequestId: /);
    expect(lines[3]).toMatch(/^REPORT RequestId: .*\tDuration: [\d.]+ ms/);
  });

  it('refuses a payload that is not JSON', async () => {
    await expect(client.send(new InvokeCommand({ FunctionName: 'skill', Payload: Buffer.from('{not json') }))).rejects.toMatchObject({
      name: 'InvalidRequestContentException',
    });
  });

  it('refuses the invocation types no product path makes (Event, DryRun)', async () => {
    await expect(invoke('skill', {}, { InvocationType: 'Event' })).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
  });

  it('throttles calls past the function concurrency with TooManyRequestsException', async () => {
    const results = await Promise.allSettled([1, 2, 3].map(() => invoke('skill', { action: 'sleep', ms: 300 })));
    const rejected = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toMatchObject({ name: 'TooManyRequestsException' });
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
  });

  it('reports a missing handler export as Runtime.HandlerNotFound', async () => {
    const res = await invoke('broken', {});
    expect(res.FunctionError).toBe('Unhandled');
    expect(decode(res.Payload).errorType).toBe('Runtime.HandlerNotFound');
  });
});
