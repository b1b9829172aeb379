/**
 * The skill answering directives from N concurrent callers on one warm runtime (one Lambda's worth of
 * caches and clients; a real Lambda takes one request at a time, so this is an upper bound per
 * environment), against dynalite, the local LWA and the KVS emulator with a master answering at
 * once; and the AWS calls per warm session, counted at the emulator. Side by side with the baseline.
 */
import { randomUUID } from 'node:crypto';
import { discover, initiateSessionWithOffer, reportState } from '../../infra/local/alexa/simulator/directives.js';
import type { BenchWorld } from '../../infra/local/world/index.js';
import { CAMERA_ANSWER, ECHO_SHOW_OFFER } from '../fixtures.js';
import { openPeer } from '../signaling-peer.js';
import { ALICE, inProcessSkill } from '../skill.js';
import { createBaselineSkill } from '../baseline/skill-baseline.js';
import { concurrently, summarize, type Summary } from '../stats.js';

export interface LoadRow {
  directive: string;
  callers: number;
  calls: number;
  perSecond: number;
  latencyMs: Summary;
  errors: number;
  baseline?: { perSecond: number; latencyMs: Summary; errors: number };
}

export interface SkillLoadResult {
  awsCallsPerWarmSession: Record<string, number>;
  baselineAwsCallsPerSession: Record<string, number>;
  rows: LoadRow[];
}

/** `world`: presets.bench with ALICE's doorbell `load-door`. */
export async function measureSkillLoad(world: BenchWorld, opts: { callers?: number[]; calls?: number } = {}): Promise<SkillLoadResult> {
  const callers = opts.callers ?? [1, 4, 16];
  const calls = opts.calls ?? 300;
  const { kvs, account } = world;
  const skill = inProcessSkill(world);
  await skill.markOnline(['load-door']);
  const master = await openPeer({ kvsEndpoint: kvs.endpoint, account, channelArn: world.doorbells.get('load-door')!.channelArn, role: 'MASTER', answer: CAMERA_ANSWER });
  const token = await skill.tokenFor(ALICE);
  const handle = skill.handle;
  const baseline = createBaselineSkill({ region: account.region, kvsEndpoint: kvs.endpoint, dynamoEndpoint: world.dynamodb.endpoint, credentials: account.credentials });
  const initiate = () => initiateSessionWithOffer(token, 'load-door', `session-${randomUUID()}`, ECHO_SHOW_OFFER);
  const ok = (name: string) => (res: { event: { header: { name: string } } }) => {
    if (res.event.header.name !== name) throw new Error(res.event.header.name);
  };
  try {
    // Warm both (endpoint and profile caches, keep-alive sockets), then count a warm session's calls.
    for (let i = 0; i < 5; i++) {
      ok('AnswerGeneratedForSession')(await handle(initiate()));
      await baseline(initiate() as never);
    }
    const per = async (run: () => Promise<unknown>, n = 20) => {
      kvs.control.resetCounters();
      for (let i = 0; i < n; i++) await run();
      const c = kvs.control.counters();
      // Calls the skill makes; the master's own socket traffic is not the skill's.
      const mine = ['DescribeSignalingChannel', 'GetSignalingChannelEndpoint', 'SendAlexaOfferToMaster'];
      return Object.fromEntries(mine.filter((k) => c[k]).map((k) => [k, c[k]! / n]));
    };
    const awsCallsPerWarmSession = await per(async () => ok('AnswerGeneratedForSession')(await handle(initiate())));
    const baselineAwsCallsPerSession = await per(() => baseline(initiate() as never));

    const rows: LoadRow[] = [];
    const kinds = [
      { name: 'ReportState', run: async () => ok('StateReport')(await handle(reportState(token, 'load-door'))) },
      { name: 'Discover', run: async () => ok('Discover.Response')(await handle(discover(token))) },
      { name: 'InitiateSessionWithOffer', run: async () => ok('AnswerGeneratedForSession')(await handle(initiate())), baseline: () => baseline(initiate() as never) },
    ];
    for (const kind of kinds) {
      for (const n of callers) {
        const r = await concurrently(n, calls, () => kind.run());
        const row: LoadRow = { directive: kind.name, callers: n, calls, perSecond: Math.round(calls / (r.wallMs / 1000)), latencyMs: summarize(r.latencies), errors: r.errors };
        if (kind.baseline) {
          const b = await concurrently(n, calls, () => kind.baseline!().then(() => undefined));
          row.baseline = { perSecond: Math.round(calls / (b.wallMs / 1000)), latencyMs: summarize(b.latencies), errors: b.errors };
        }
        rows.push(row);
      }
    }
    return { awsCallsPerWarmSession, baselineAwsCallsPerSession, rows };
  } finally {
    master.close();
  }
}
