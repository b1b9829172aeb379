/**
 * A local Lambda function: its configuration and a pool of execution environments. A call takes
 * an idle (warm) environment or starts a new one (a cold start) up to the function's concurrency,
 * past which it is throttled as Lambda does. Each call's output is framed by the START / END /
 * REPORT lines Lambda writes, so the local logs read like CloudWatch's.
 */
import path from 'node:path';
import { ExecutionEnvironment, type FunctionErrorPayload, type InvocationInfo } from './execution-environment.js';

/** Lambda's synchronous invocation payload limit, for the Invoke API and function URLs alike. */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** Reported in the environment, the context and REPORT lines. */
const MEMORY_MB = 256;

export interface FunctionDefinition {
  /** Path of the ESM bundle (e.g. dist/lambda/index.mjs). */
  bundlePath: string;
  /** Exported handler; default `handler`. */
  exportName?: string;
  /** The function's environment variables (Lambda's own are added unless given here). */
  env: Record<string, string>;
  /** Default 10 s. */
  timeoutMs?: number;
  /** Environments at once; calls past it are throttled (429). Default 10. */
  maxConcurrency?: number;
}

export type InvocationOutcome =
  | { kind: 'throttled' }
  | {
      kind: 'done';
      requestId: string;
      /** JSON text of what the handler returned, or the Lambda error payload. */
      payload: string;
      functionError?: 'Unhandled';
      coldStart: boolean;
      durationMs: number;
      initMs?: number;
    };

export interface FunctionStats {
  invocations: number;
  coldStarts: number;
  environments: number;
}

export class LocalFunction {
  readonly arn: string;
  private readonly idle: ExecutionEnvironment[] = [];
  private readonly live = new Set<ExecutionEnvironment>();
  private readonly counts = { invocations: 0, coldStarts: 0 };
  private closed = false;

  constructor(
    readonly name: string,
    private readonly def: FunctionDefinition,
    private readonly opts: { region: string; accountId: string; onLog: (functionName: string, line: string) => void },
  ) {
    this.arn = `arn:aws:lambda:${opts.region}:${opts.accountId}:function:${name}`;
  }

  /** What Lambda puts in every function's environment, under the function's own variables. */
  private environment(): Record<string, string> {
    const region = this.def.env.AWS_REGION ?? this.opts.region;
    return {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
      AWS_LAMBDA_FUNCTION_NAME: this.name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(MEMORY_MB),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${this.name}`,
      AWS_LAMBDA_LOG_STREAM_NAME: 'local/[$LATEST]local',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      LAMBDA_TASK_ROOT: path.dirname(path.resolve(this.def.bundlePath)),
      _HANDLER: `${path.basename(this.def.bundlePath).replace(/\.m?js$/, '')}.${this.def.exportName ?? 'handler'}`,
      NODE_OPTIONS: '',
      ...this.def.env,
    };
  }

  private spawn(): ExecutionEnvironment {
    const env = new ExecutionEnvironment({
      bundlePath: path.resolve(this.def.bundlePath),
      exportName: this.def.exportName ?? 'handler',
      env: this.environment(),
      onLog: (line) => this.opts.onLog(this.name, line),
    });
    this.live.add(env);
    env.onExit(() => {
      this.live.delete(env);
      const i = this.idle.indexOf(env);
      if (i >= 0) this.idle.splice(i, 1);
    });
    return env;
  }

  async invoke(event: unknown): Promise<InvocationOutcome> {
    if (this.closed) throw new Error(`Function ${this.name} is closed`);
    let env = this.idle.pop();
    let coldStart = false;
    if (!env) {
      if (this.live.size >= (this.def.maxConcurrency ?? 10)) return { kind: 'throttled' };
      env = this.spawn();
      coldStart = true;
      this.counts.coldStarts++;
    }
    this.counts.invocations++;
    const requestId = ExecutionEnvironment.newRequestId();
    const info: InvocationInfo = {
      awsRequestId: requestId,
      functionName: this.name,
      functionVersion: '$LATEST',
      invokedFunctionArn: this.arn,
      memoryLimitInMB: String(MEMORY_MB),
      logGroupName: `/aws/lambda/${this.name}`,
      logStreamName: 'local/[$LATEST]local',
    };
    const frame = (line: string): void => this.opts.onLog(this.name, line);

    const initError = await env.whenReady();
    if (initError) {
      void env.dispose();
      frame(`INIT_REPORT Init Duration: 0 ms Phase: init Status: error Error Type: ${initError.errorType}`);
      return { kind: 'done', requestId, payload: errorPayload(initError), functionError: 'Unhandled', coldStart, durationMs: 0 };
    }
    frame(`START RequestId: ${requestId} Version: $LATEST`);
    const result = await env.invoke(event, info, this.def.timeoutMs ?? 10_000);
    frame(`END RequestId: ${requestId}`);
    const duration = result.durationMs.toFixed(2);
    const init = coldStart ? `\tInit Duration: ${env.initMs.toFixed(2)} ms` : '';
    frame(
      `REPORT RequestId: ${requestId}\tDuration: ${duration} ms\tBilled Duration: ${Math.ceil(result.durationMs)} ms\tMemory Size: ${MEMORY_MB} MB${init}`,
    );
    if (env.alive && !this.closed) this.idle.push(env);
    else void env.dispose();
    return {
      kind: 'done',
      requestId,
      payload: result.ok ? result.payload : errorPayload(result.error),
      ...(result.ok ? {} : { functionError: 'Unhandled' as const }),
      coldStart,
      durationMs: result.durationMs,
      ...(coldStart ? { initMs: env.initMs } : {}),
    };
  }

  stats(): FunctionStats {
    return { ...this.counts, environments: this.live.size };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.idle.length = 0;
    await Promise.all([...this.live].map((env) => env.dispose()));
  }
}

function errorPayload(e: FunctionErrorPayload): string {
  return JSON.stringify({ errorType: e.errorType, errorMessage: e.errorMessage, ...(e.trace?.length ? { trace: e.trace } : {}) });
}
