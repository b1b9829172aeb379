/**
 * The health check's schedule, as EventBridge Scheduler runs it in AWS: every `intervalMs`
 * (HEALTH_CHECK_INTERVAL_MS locally, default 60 s) the bundle's `healthCheckHandler` is invoked
 * through the local Lambda Invoke API, with the real Lambda client, once the world is up. A run
 * that is still going when the next is due is not overlapped (the next waits its turn).
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Part } from '../types.js';

export const DEFAULT_HEALTH_CHECK_INTERVAL_MS = 60_000;

export interface HealthCheckOptions {
  /** Default 60 s, AWS's schedule; tests make it short. */
  intervalMs?: number;
}

export interface HealthCheckHandle {
  readonly intervalMs: number;
  /** Test hooks: runs so far, and one run now (awaited). */
  readonly control: { runs(): number; runNow(): Promise<unknown> };
}

export const healthCheckPart: Part<'healthCheck', 'lambda'> = {
  needs: ['lambda'],
  async start(options, { lambda }, ctx) {
    const intervalMs = options.intervalMs ?? DEFAULT_HEALTH_CHECK_INTERVAL_MS;
    const { region, credentials } = ctx.account;
    const client = new LambdaClient({ region, endpoint: lambda.endpoint, credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey }, maxAttempts: 1 });
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let runs = 0;
    let running: Promise<unknown> | undefined;
    const run = (): Promise<unknown> => {
      running ??= client
        .send(new InvokeCommand({ FunctionName: lambda.healthCheckFunctionName, Payload: new TextEncoder().encode('{}') }))
        .then((out) => (out.Payload ? JSON.parse(new TextDecoder().decode(out.Payload)) : undefined))
        .catch((err: unknown) => ctx.log(`health check invoke failed: ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => {
          runs += 1;
          running = undefined;
        });
      return running;
    };
    const schedule = () => {
      if (!stopped) timer = setTimeout(() => void run().then(schedule), intervalMs);
    };
    return {
      handle: { intervalMs, control: { runs: () => runs, runNow: run } },
      ready() {
        ctx.log(`health check every ${intervalMs} ms (${lambda.healthCheckFunctionName})`);
        schedule();
      },
      async stop() {
        stopped = true;
        clearTimeout(timer);
        await running;
        client.destroy();
      },
    };
  },
};
