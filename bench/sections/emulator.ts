/**
 * The KVS emulator's own overhead on a SendAlexaOfferToMaster round trip (a real SignalingClient master
 * in this process answering at once), and how many channels x clients it holds on this machine: it
 * grows in steps up to 200 channels of 1 master + 10 viewers, measuring offer round trips at each step,
 * and stops early when latency degrades or its memory passes a bound.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CreateSignalingChannelCommand, KinesisVideoClient } from '@aws-sdk/client-kinesis-video';
import { KinesisVideoSignalingClient, SendAlexaOfferToMasterCommand } from '@aws-sdk/client-kinesis-video-signaling';
import type { SignalingClient } from 'amazon-kinesis-video-streams-webrtc';
import type { LocalAccount } from '../../infra/local/world/index.js';
import { openPeer } from '../signaling-peer.js';
import { summarize, type Summary } from '../stats.js';
import { alexaSenderClientId, encodeSdpMessage } from '../../contracts/kvs/alexa-offer.js';

const OFFER = encodeSdpMessage('offer', 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=alexa\r\nt=0 0\r\n');
const ANSWER = 'v=0\r\no=- 9 2 IN IP4 127.0.0.1\r\ns=camera\r\nt=0 0\r\na=end-of-candidates\r\n';

interface EmulatorStats {
  rss: number;
  heapUsed: number;
  cpu: { user: number; system: number };
  offerTimes: number[];
}

export interface CapacityStep {
  channels: number;
  clients: number;
  offerRoundTripMs: Summary;
  emulatorRssMB: number;
  connectSeconds: number;
}

export interface EmulatorResult {
  offerRoundTripMs: Summary;
  /** Time inside the emulator, request in to response out (includes the master's reply over its socket). */
  emulatorSideMs: Summary;
  /** Emulator CPU per round trip (user + system). */
  emulatorCpuMsPerOffer: number;
  capacity: CapacityStep[];
  stoppedBecause: string;
}

class EmulatorProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly endpoint: string,
    readonly account: LocalAccount,
  ) {}
  static async start(): Promise<EmulatorProcess> {
    const child = fork(fileURLToPath(new URL('../emulator-process.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const { endpoint, account } = await new Promise<{ endpoint: string; account: LocalAccount }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as { endpoint: string; account: LocalAccount }));
      child.once('exit', (code) => reject(new Error(`emulator process exited (${code})`)));
    });
    return new EmulatorProcess(child, endpoint, account);
  }
  stats(): Promise<EmulatorStats> {
    return new Promise((resolve) => {
      this.child.once('message', (m) => resolve(m as EmulatorStats));
      this.child.send('stats');
    });
  }
  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.send('stop');
      setTimeout(() => this.child.kill(), 5000).unref();
    });
  }
}

export async function measureEmulator(opts: { roundTrips?: number; steps?: number[]; viewersPerChannel?: number; maxRssMB?: number } = {}): Promise<EmulatorResult> {
  const roundTrips = opts.roundTrips ?? 300;
  const steps = opts.steps ?? [1, 25, 50, 100, 150, 200];
  const viewersPerChannel = opts.viewersPerChannel ?? 10;
  const maxRssMB = opts.maxRssMB ?? 1024;
  const emu = await EmulatorProcess.start();
  const { region, credentials } = emu.account;
  const control = new KinesisVideoClient({ region, endpoint: emu.endpoint, credentials, maxAttempts: 1 });
  const data = new KinesisVideoSignalingClient({ region, endpoint: emu.endpoint, credentials, maxAttempts: 1 });
  const peer = (channelArn: string, role: 'MASTER' | 'VIEWER', clientId?: string) =>
    openPeer({ kvsEndpoint: emu.endpoint, account: emu.account, channelArn, role, ...(clientId ? { clientId } : {}), ...(role === 'MASTER' ? { answer: ANSWER } : {}) });
  const channels: { arn: string; master: SignalingClient; viewers: SignalingClient[] }[] = [];
  const offer = (arn: string, i: number) =>
    data.send(new SendAlexaOfferToMasterCommand({ ChannelARN: arn, SenderClientId: alexaSenderClientId(`bench-${i}`), MessagePayload: OFFER })).then((r) => {
      if (!r.Answer) throw new Error('no answer');
    });
  const timeOffers = async (count: number) => {
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const arn = channels[i % channels.length]!.arn;
      const t = performance.now();
      await offer(arn, i);
      times.push(performance.now() - t);
    }
    return times;
  };
  const addChannel = async () => {
    const n = channels.length;
    const arn = (await control.send(new CreateSignalingChannelCommand({ ChannelName: `bench-${n}` }))).ChannelARN!;
    channels.push({ arn, master: await peer(arn, 'MASTER'), viewers: [] });
  };
  let stoppedBecause = 'reached the largest step';
  const capacity: CapacityStep[] = [];
  try {
    await addChannel();
    await timeOffers(30); // warm-up: JIT, keep-alive sockets
    // Each stats answer takes the offer times recorded since the last: this one drops the warm-up's.
    const cpuBefore = (await emu.stats()).cpu;
    const rt = await timeOffers(roundTrips);
    const after = await emu.stats();
    const cpuMs = (after.cpu.user - cpuBefore.user + after.cpu.system - cpuBefore.system) / 1000;
    const offerRoundTripMs = summarize(rt);
    const baselineP95 = offerRoundTripMs.p95;
    for (const target of steps) {
      const connectStart = performance.now();
      while (channels.length < target) await addChannel();
      // Viewers connect a channel at a time, in parallel within it (10 sockets per channel).
      for (const ch of channels) {
        while (ch.viewers.length < viewersPerChannel) {
          const batch = await Promise.all(Array.from({ length: viewersPerChannel - ch.viewers.length }, (_, k) => peer(ch.arn, 'VIEWER', `v${ch.viewers.length + k}`)));
          ch.viewers.push(...batch);
        }
      }
      const connectSeconds = (performance.now() - connectStart) / 1000;
      const times = await timeOffers(100);
      const stats = await emu.stats();
      const step: CapacityStep = {
        channels: channels.length,
        clients: channels.length * (1 + viewersPerChannel),
        offerRoundTripMs: summarize(times),
        emulatorRssMB: Math.round(stats.rss / 1048576),
        connectSeconds: Math.round(connectSeconds * 10) / 10,
      };
      capacity.push(step);
      if (step.offerRoundTripMs.p95 > Math.max(10 * baselineP95, 250)) {
        stoppedBecause = `offer p95 ${step.offerRoundTripMs.p95} ms > 10x the idle p95`;
        break;
      }
      if (step.emulatorRssMB > maxRssMB) {
        stoppedBecause = `emulator RSS ${step.emulatorRssMB} MB > ${maxRssMB} MB`;
        break;
      }
    }
    return {
      offerRoundTripMs,
      emulatorSideMs: summarize(after.offerTimes),
      emulatorCpuMsPerOffer: Math.round((cpuMs / roundTrips) * 1000) / 1000,
      capacity,
      stoppedBecause,
    };
  } finally {
    for (const ch of channels) for (const p of [ch.master, ...ch.viewers]) p.close();
    control.destroy();
    data.destroy();
    await emu.stop();
  }
}
