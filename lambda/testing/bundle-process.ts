/**
 * The built skill bundle in its own Node process: a separate "Lambda" with its own module instance,
 * caches and SDK clients, as two concurrent Lambda environments are. Invocations go in as JSON lines on
 * stdin; results come back as marked lines on stdout, between the function's own log lines.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const RESULT = '\u0001RESULT';

const RUNNER = `
const mod = await import(process.argv[1]);
const rl = (await import('node:readline')).createInterface({ input: process.stdin });
process.stdout.write('${RESULT}' + JSON.stringify({ ready: true }) + '\\n');
for await (const line of rl) {
  const { id, exportName, event } = JSON.parse(line);
  const started = performance.now();
  let res, error;
  try { res = await mod[exportName](event, { getRemainingTimeInMillis: () => 8000, awsRequestId: 'req-' + id }); }
  catch (e) { error = String(e); }
  process.stdout.write('${RESULT}' + JSON.stringify({ id, res, error, ms: performance.now() - started }) + '\\n');
}
`;

export interface BundleProcess {
  /** Resolves once the bundle is imported and the process waits for invocations. */
  ready: Promise<void>;
  invoke(exportName: 'handler' | 'deviceHandler', event: unknown): Promise<{ res: any; error?: string; ms: number }>;
  /** Every other line the process wrote (the function's logs). */
  readonly logs: string[];
  close(): Promise<void>;
}

export function startBundleProcess(bundleFile: string, env: NodeJS.ProcessEnv): BundleProcess {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--input-type=module', '-e', RUNNER, pathToFileURL(bundleFile).href], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const waiting = new Map<number, (r: { res: any; error?: string; ms: number }) => void>();
  let nextId = 1;
  let markReady: () => void;
  let failReady: (e: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code) => {
    const why = `bundle process exited (${code}): ${logs.slice(-5).join('\n')}`;
    failReady(new Error(why));
    // An invocation the process died during is a failed one, not a test that hangs until its timeout.
    for (const done of waiting.values()) done({ res: undefined, error: why, ms: 0 });
    waiting.clear();
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith(RESULT)) return void logs.push(line);
    const msg = JSON.parse(line.slice(RESULT.length)) as { ready?: boolean; id?: number; res?: unknown; error?: string; ms?: number };
    if (msg.ready) return markReady();
    waiting.get(msg.id!)?.({ res: msg.res, ...(msg.error ? { error: msg.error } : {}), ms: msg.ms! });
    waiting.delete(msg.id!);
  });
  createInterface({ input: child.stderr }).on('line', (line) => logs.push(line));
  return {
    ready,
    logs,
    invoke(exportName, event) {
      const id = nextId++;
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve({ res: undefined, error: 'bundle process has exited', ms: 0 });
        waiting.set(id, resolve);
        child.stdin.write(JSON.stringify({ id, exportName, event }) + '\n');
      });
    },
    async close() {
      child.stdin.end();
      child.kill();
      await exited;
    },
  };
}
