/**
 * The skill answering directives from N concurrent callers on one warm runtime (one Lambda's worth of
 * caches and clients; a real Lambda takes one request at a time, so this is an upper bound per
 * environment), against dynalite, the local LWA and the KVS emulator with a test master answering at
 * once; and the AWS calls per warm session, counted at the emulator. Side by side with the baseline.
 */
import { ALICE, doorbell, type SkillWorld } from '../../lambda/testing/skill-world.js';
import { connectMaster } from '../../lambda/testing/kvs-master.js';
import { CAMERA_ANSWER, directive } from '../../lambda/testing/fixtures/index.js';
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

export async function measureSkillLoad(world: SkillWorld, opts: { callers?: number[]; calls?: number } = {}): Promise<SkillLoadResult> {
  const callers = opts.callers ?? [1, 4, 16];
  const calls = opts.calls ?? 300;
  const kvs = world.kvs!;
  const arn = await world.createChannel('bench-load-door');
  await world.seed([doorbell('load-door', ALICE, { channelArn: arn, channelName: 'bench-load-door' })]);
  const master = await connectMaster(world, arn, CAMERA_ANSWER);
  const token = await world.tokenFor(ALICE);
  const handle = world.directives(world.runtime());
  const baseline = createBaselineSkill({ region: world.account.region, kvsEndpoint: kvs.endpoint, dynamoEndpoint: world.dynamodb.endpoint, credentials: world.account.credentials });
  const initiate = () => directive('initiate-session-with-offer', { token, endpointId: 'load-door' });
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
      { name: 'ReportState', run: async () => ok('StateReport')(await handle(directive('report-state', { token, endpointId: 'load-door' }))) },
      { name: 'Discover', run: async () => ok('Discover.Response')(await handle(directive('discover', { token }))) },
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
    await master.close();
  }
}
