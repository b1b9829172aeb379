// @ts-check
/**
 * The inside of one local Lambda execution environment: a child process that imports the
 * function's bundle once (the init phase), then runs one invocation at a time, as a Lambda
 * sandbox does. Plain JavaScript so that it runs in a fresh process with no loader.
 *
 * Messages (parent -> here):   { type: 'invoke', id, event, context }
 * Messages (here -> parent):   { type: 'ready', initMs } | { type: 'init-error', error }
 *                              { type: 'log', text } | { type: 'result', id, ok, payload?, error? }
 * Everything the function writes to stdout/stderr is sent as 'log' messages on the same channel
 * as results, so a log line always reaches the parent before the result it belongs to.
 */
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

/** @type {(msg: unknown) => void} */
const send = (msg) => process.send?.(msg);

const config = JSON.parse(process.env.LOCAL_LAMBDA_RUNNER ?? '{}');
delete process.env.LOCAL_LAMBDA_RUNNER;
// The local stack went away (even by SIGKILL): leave no orphan behind.
process.on('disconnect', () => process.exit(0));

/** @type {string} */
let currentRequestId = '';

for (const stream of [process.stdout, process.stderr]) {
  // @ts-ignore - deliberately replacing write to capture the function's output
  stream.write = (chunk, encoding, cb) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? /** @type {BufferEncoding} */ (encoding) : 'utf8');
    send({ type: 'log', text });
    const done = typeof encoding === 'function' ? encoding : cb;
    if (typeof done === 'function') done();
    return true;
  };
}

// The Node.js Lambda runtime prefixes console lines with time, request id and level.
for (const [method, level] of /** @type {const} */ ([['log', 'INFO'], ['info', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR'], ['debug', 'DEBUG'], ['trace', 'TRACE']])) {
  console[method] = (...args) => {
    process.stdout.write(`${new Date().toISOString()}\t${currentRequestId || 'undefined'}\t${level}\t${format(...args)}\n`);
  };
}

/** @param {unknown} err */
function describeError(err, fallbackType = 'Error') {
  if (err instanceof Error) {
    return {
      errorType: err.name || fallbackType,
      errorMessage: err.message,
      trace: (err.stack ?? '').split('\n'),
    };
  }
  return { errorType: fallbackType, errorMessage: typeof err === 'string' ? err : JSON.stringify(err) ?? String(err), trace: [] };
}

/** @type {Function | undefined} */
let handler;
const initStarted = performance.now();
try {
  const mod = await import(pathToFileURL(config.bundlePath).href);
  const exportName = config.exportName ?? 'handler';
  handler = mod[exportName] ?? mod.default?.[exportName];
  if (typeof handler !== 'function') {
    send({ type: 'init-error', error: { errorType: 'Runtime.HandlerNotFound', errorMessage: `${config.bundlePath}.${exportName} is undefined or not exported`, trace: [] } });
  } else {
    send({ type: 'ready', initMs: performance.now() - initStarted });
  }
} catch (err) {
  send({ type: 'init-error', error: { ...describeError(err), errorType: 'Runtime.ImportModuleError' } });
}

process.on('message', async (/** @type {any} */ msg) => {
  if (!msg || msg.type !== 'invoke' || !handler) return;
  const { id, event, context: info } = msg;
  currentRequestId = info.awsRequestId;
  const context = {
    ...info,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, info.deadlineMs - Date.now()),
  };
  try {
    // Async handlers only: the skill's bundle exports no callback-style handler.
    const result = await /** @type {Function} */ (handler)(event, context);
    let payload;
    try {
      payload = JSON.stringify(result === undefined ? null : result);
    } catch (err) {
      send({ type: 'result', id, ok: false, error: { errorType: 'Runtime.MarshalError', errorMessage: 'Unable to stringify response body', trace: [] } });
      return;
    }
    send({ type: 'result', id, ok: true, payload });
  } catch (err) {
    send({ type: 'result', id, ok: false, error: describeError(err) });
  }
});
