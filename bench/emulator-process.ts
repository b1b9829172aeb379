/**
 * The KVS emulator in a process of its own, so the benchmark can read the emulator's own CPU and memory
 * apart from the clients it drives: a world of the emulator alone. Started with `fork` (IPC): it sends
 * `{ endpoint, account }` once listening and answers `'stats'` with its resource use and the server-side
 * time of each SendAlexaOfferToMaster.
 */
import { startWorld } from '../infra/local/world/index.js';
import { recordAlexaOfferTimes } from './offer-timing.js';

const offerTimes = recordAlexaOfferTimes();

const world = await startWorld({ kvs: true });
process.send!({ endpoint: world.kvs.endpoint, account: world.account });
process.on('message', (msg) => {
  if (msg === 'stats') {
    const mem = process.memoryUsage();
    // Each answer holds the offers since the previous one.
    process.send!({ rss: mem.rss, heapUsed: mem.heapUsed, cpu: process.cpuUsage(), offerTimes: offerTimes.splice(0), counters: world.kvs.control.counters() });
  }
  if (msg === 'stop') void world.close().then(() => process.exit(0));
});
