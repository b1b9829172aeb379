/**
 * `npm run bench`: the doorbell's benchmark (not a test). Starts the local parts on loopback, measures,
 * prints a Markdown table and writes bench/results/latest.json (+ latest.md); runs with --only or
 * --quick write only partial.json instead.
 *   npm run bench                        everything (a few minutes on 2 cores)
 *   npm run bench -- --only=cold,emulator  some sections: cold, emulator, skill, camera, soak, audit
 *   npm run bench -- --quick             fewer samples, for a smoke run
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { presets } from '../infra/local/world/index.js';
import { ALICE } from './skill.js';
import { buildBaselineBundle, measureColdStart, type ColdStartResult } from './sections/cold-start.js';
import { measureEmulator, type EmulatorResult } from './sections/emulator.js';
import { measureSkillLoad, type SkillLoadResult } from './sections/skill-load.js';
import { measureCamera, type CameraResult } from './sections/camera.js';
import { measureSoak, type SoakResult } from './sections/soak.js';
import { runAudit, type AuditResult } from './audit.js';
import { markdownTable } from './report.js';
import { buildLambda } from '../scripts/build.mjs';

export interface BenchResults {
  startedAt: string;
  machine: { cpus: number; node: string };
  quick: boolean;
  coldStart?: ColdStartResult;
  emulator?: EmulatorResult;
  skillLoad?: SkillLoadResult;
  camera?: CameraResult;
  soak?: SoakResult;
  audit?: AuditResult;
  durationSeconds?: number;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const wanted = (s: string) => !only || only.includes(s);
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main(): Promise<void> {
  const started = performance.now();
  const results: BenchResults = { startedAt: new Date().toISOString(), machine: { cpus: cpus().length, node: process.version }, quick };

  if (wanted('cold')) {
    log('bundle size and cold start');
    const outdir = await mkdtemp(path.join(tmpdir(), 'bench-bundle-'));
    const world = await presets.bench({ doorbells: [{ endpointId: 'front-door', ownerEmail: ALICE }] });
    try {
      const bundle = await buildLambda(outdir);
      const baseline = await buildBaselineBundle(outdir);
      const at = (f: string) => path.resolve(f);
      results.coldStart = await measureColdStart(world, { file: at(bundle.file), coldFiles: bundle.coldFiles.map(at), totalBytes: bundle.totalBytes }, baseline, quick ? 5 : 15);
    } finally {
      await world.close();
      await rm(outdir, { recursive: true, force: true });
    }
  }
  if (wanted('emulator')) {
    log('KVS emulator overhead and capacity');
    results.emulator = await measureEmulator(quick ? { roundTrips: 100, steps: [1, 10, 25] } : {});
  }
  if (wanted('skill')) {
    log('skill under concurrent callers');
    const world = await presets.bench({ doorbells: [{ endpointId: 'load-door', ownerEmail: ALICE }] });
    try {
      results.skillLoad = await measureSkillLoad(world, quick ? { callers: [1, 8], calls: 100 } : {});
    } finally {
      await world.close();
    }
  }
  if (wanted('camera')) {
    log('camera page in Chromium: answer latency, first frame, dead STUN, relay, load');
    results.camera = await measureCamera({ ...(quick ? { sessions: 10, baselineSessions: 5, deadStunSessions: 3, relaySessions: 5, relayBaselineSessions: 3, loadLevels: [1, 4], loadWindowMs: 3000 } : {}), progress: log });
  }
  if (wanted('soak')) {
    log('soak: a camera page left alone for simulated days of credential renewals');
    results.soak = await measureSoak({ ...(quick ? { renewals: 36 } : {}), progress: log });
  }
  if (wanted('audit')) {
    log('npm audit --omit=dev');
    results.audit = await runAudit(root);
  }
  results.durationSeconds = Math.round((performance.now() - started) / 1000);

  const table = markdownTable(results);
  const out = path.join(root, 'bench/results');
  await mkdir(out, { recursive: true });
  // Only a full run replaces the published figures; partial and quick runs go beside them.
  const name = quick || only ? 'partial' : 'latest';
  await writeFile(path.join(out, `${name}.json`), JSON.stringify(results, null, 2) + '\n');
  // partial.json is gitignored with every other results/*.json but latest.json; a partial table is only printed.
  if (name === 'latest') await writeFile(path.join(out, `${name}.md`), `Measured ${results.startedAt} on ${results.machine.cpus} cores, Node ${results.machine.node}${quick ? ' (--quick)' : ''}, ${results.durationSeconds} s.\n\n${table}\n`);
  process.stdout.write(`\n${table}\n\nWritten bench/results/${name}.json${name === 'latest' ? ' and latest.md' : ''} (${results.durationSeconds} s).\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
