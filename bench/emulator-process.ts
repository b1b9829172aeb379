/**
 * The KVS emulator in a process of its own, so the benchmark can read the emulator's own CPU and memory
 * apart from the clients it drives. Started with `fork` (IPC): it sends `{ endpoint }` once listening and
 * answers `'stats'` with its resource use and the server-side time of each SendAlexaOfferToMaster.
 */
import { startKvsEmulator } from '../infra/local/kvs/index.js';
import { recordAlexaOfferTimes } from './offer-timing.js';

const offerTimes = recordAlexaOfferTimes();

const emulator = await startKvsEmulator({
  credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID!, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY! },
});
process.send!({ endpoint: emulator.endpoint });
process.on('message', (msg) => {
  if (msg === 'stats') {
    const mem = process.memoryUsage();
    // Each answer holds the offers since the previous one.
    process.send!({ rss: mem.rss, heapUsed: mem.heapUsed, cpu: process.cpuUsage(), offerTimes: offerTimes.splice(0), counters: emulator.control.counters() });
  }
  if (msg === 'stop') void emulator.close().then(() => process.exit(0));
});
