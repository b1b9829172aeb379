/**
 * The KVS emulator in a process of its own, so the benchmark can read the emulator's own CPU and memory
 * apart from the clients it drives. Started with `fork` (IPC): it sends `{ endpoint }` once listening and
 * answers `'stats'` with its resource use and the server-side time of each SendAlexaOfferToMaster.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startKvsEmulator } from '../infra/local/kvs/index.js';

const started = new WeakMap<IncomingMessage, number>();
let offerTimes: number[] = [];
subscribe('http.server.request.start', (m) => {
  const { request } = m as { request: IncomingMessage };
  if (request.url?.startsWith('/v1/send-alexa-offer-to-master')) started.set(request, performance.now());
});
subscribe('http.server.response.finish', (m) => {
  const { request } = m as { request: IncomingMessage; response: ServerResponse };
  const t = started.get(request);
  if (t !== undefined) offerTimes.push(performance.now() - t);
});

const emulator = await startKvsEmulator({
  credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID!, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY! },
  // Capacity, not quotas, is measured here: the documented TPS limits would cap the load first.
  rateLimits: false,
});
process.send!({ endpoint: emulator.endpoint });
process.on('message', (msg) => {
  if (msg === 'stats') {
    const mem = process.memoryUsage();
    process.send!({ rss: mem.rss, heapUsed: mem.heapUsed, cpu: process.cpuUsage(), offerTimes, counters: emulator.counters() });
    offerTimes = [];
  }
  if (msg === 'stop') void emulator.close().then(() => process.exit(0));
});
