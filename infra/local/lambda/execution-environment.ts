/**
 * One local Lambda execution environment: the function's bundle loaded once in a child process
 * with ITS OWN environment variables (the skill reads its configuration from process.env), then
 * reused for one invocation at a time, like a warm Lambda sandbox. A process, not a worker thread,
 * because that is what a sandbox is: its own globals, memory, exit and crash. A timeout or a crash
 * ends the environment; the pool starts a fresh one for the next call.
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const RUNNER = fileURLToPath(new URL('./runtime/runner.mjs', import.meta.url));

export interface FunctionErrorPayload {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

export interface InvocationInfo {
  awsRequestId: string;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
}

export type InvocationResult =
  | { ok: true; payload: string; durationMs: number }
  | { ok: false; error: FunctionErrorPayload; durationMs: number };

export interface EnvironmentSpec {
  bundlePath: string;
  exportName: string;
  env: Record<string, string>;
  /** Receives the function's output, line by line, as it is written. */
  onLog: (line: string) => void;
}

type Message =
  | { type: 'ready'; initMs: number }
  | { type: 'init-error'; error: FunctionErrorPayload }
  | { type: 'log'; text: string }
  | { type: 'result'; id: string; ok: boolean; payload?: string; error?: FunctionErrorPayload };

interface Pending {
  id: string;
  started: number;
  resolve: (r: InvocationResult) => void;
  timer: NodeJS.Timeout;
}

export class ExecutionEnvironment {
  /** Time the bundle took to import (the init phase), once ready. */
  initMs = 0;
  private dead = false;
  private pending: Pending | undefined;
  private readonly ready: Promise<FunctionErrorPayload | undefined>;
  private readonly send: (msg: unknown) => void;
  private readonly stop: () => void;
  private partialLine = '';
  private exitListeners: (() => void)[] = [];
  private readonly exited: Promise<void>;

  constructor(private readonly spec: EnvironmentSpec) {
    let settleReady!: (e: FunctionErrorPayload | undefined) => void;
    this.ready = new Promise((resolve) => (settleReady = resolve));
    let settleExited!: () => void;
    this.exited = new Promise((resolve) => (settleExited = resolve));
    const onMessage = (msg: Message): void => {
      if (msg.type === 'ready') {
        this.initMs = msg.initMs;
        settleReady(undefined);
      } else if (msg.type === 'init-error') {
        settleReady(msg.error);
      } else if (msg.type === 'log') {
        this.log(msg.text);
      } else if (msg.type === 'result') {
        this.finish(msg.id, msg.ok ? { ok: true, payload: msg.payload ?? 'null' } : { ok: false, error: msg.error! });
      }
    };
    const onExit = (code: number | null): void => {
      this.dead = true;
      settleReady({ errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with error: exit status ${code ?? 'unknown'}` });
      if (this.pending) {
        this.finish(this.pending.id, {
          ok: false,
          error: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${this.pending.id} Error: Runtime exited with error: exit status ${code ?? 'unknown'}` },
        });
      }
      for (const l of this.exitListeners) l();
      settleExited();
    };

    const child = fork(RUNNER, [], {
      env: { ...spec.env, LOCAL_LAMBDA_RUNNER: JSON.stringify({ bundlePath: spec.bundlePath, exportName: spec.exportName }) },
      execArgv: [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    child.on('message', (m) => onMessage(m as Message));
    child.on('exit', (code, signal) => onExit(code ?? (signal ? 128 : null)));
    // A process that could not be started never emits 'exit'.
    child.on('error', (err) => {
      this.log(`${err.message}\n`);
      if (child.pid === undefined) onExit(null);
    });
    // Output written before the runner's capture is installed, or by native code.
    child.stdout?.on('data', (d: Buffer) => this.log(d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => this.log(d.toString('utf8')));
    this.send = (msg) => {
      if (child.connected) child.send(msg as never);
    };
    this.stop = () => void child.kill('SIGKILL');
  }

  get alive(): boolean {
    return !this.dead;
  }

  /** Resolves once the bundle is imported; an init error is returned for the caller to report. */
  whenReady(): Promise<FunctionErrorPayload | undefined> {
    return this.ready;
  }

  onExit(listener: () => void): void {
    this.exitListeners.push(listener);
  }

  invoke(event: unknown, info: InvocationInfo, timeoutMs: number): Promise<InvocationResult> {
    return new Promise((resolve) => {
      const started = performance.now();
      if (this.dead) {
        resolve({ ok: false, error: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${info.awsRequestId} Error: Runtime exited before the invocation` }, durationMs: 0 });
        return;
      }
      const timer = setTimeout(() => {
        const seconds = (timeoutMs / 1000).toFixed(2);
        this.finish(info.awsRequestId, {
          ok: false,
          error: { errorType: 'Sandbox.Timedout', errorMessage: `${new Date().toISOString()} ${info.awsRequestId} Task timed out after ${seconds} seconds` },
        });
        void this.dispose();
      }, timeoutMs);
      this.pending = { id: info.awsRequestId, started, resolve, timer };
      this.send({ type: 'invoke', id: info.awsRequestId, event, context: { ...info, deadlineMs: Date.now() + timeoutMs } });
    });
  }

  /** Ends the environment; resolves once its process is gone. */
  dispose(): Promise<void> {
    if (!this.dead) {
      this.dead = true;
      this.stop();
    }
    return this.exited;
  }

  private finish(id: string, r: { ok: true; payload: string } | { ok: false; error: FunctionErrorPayload }): void {
    const p = this.pending;
    if (!p || p.id !== id) return;
    this.pending = undefined;
    clearTimeout(p.timer);
    this.flushPartialLine();
    const durationMs = performance.now() - p.started;
    p.resolve({ ...r, durationMs });
  }

  private log(text: string): void {
    const joined = this.partialLine + text;
    const lines = joined.split('\n');
    this.partialLine = lines.pop() ?? '';
    for (const line of lines) this.spec.onLog(line);
  }

  private flushPartialLine(): void {
    if (this.partialLine) {
      this.spec.onLog(this.partialLine);
      this.partialLine = '';
    }
  }

  static newRequestId(): string {
    return randomUUID();
  }
}
