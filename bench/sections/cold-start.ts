/**
 * The skill bundle's size and its cold start: in a fresh Node process, the time to import
 * dist/lambda/index.mjs and the time to answer the first directive (a Discover, against the local
 * servers), as a Lambda cold start pays them (minus the runtime's own boot).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { promisify } from 'node:util';
import { discover } from '../../infra/local/alexa/simulator/directives.js';
import type { BenchWorld } from '../../infra/local/world/index.js';
import { ALICE, inProcessSkill } from '../skill.js';
import { median, summarize, type Summary } from '../stats.js';
import { lambdaBuildOptions } from '../../scripts/build.mjs';

const PROBE = `
const t0 = performance.now();
const mod = await import(process.argv[1]);
const t1 = performance.now();
const res = await mod.handler(JSON.parse(process.env.PROBE_EVENT), { getRemainingTimeInMillis: () => 8000, awsRequestId: 'cold' });
const t2 = performance.now();
process.stdout.write('\\u0001' + JSON.stringify({ name: res.event.header.name, importMs: t1 - t0, firstAnswerMs: t2 - t1 }) + '\\n');
`;

export interface ColdStartResult {
  /** What a cold start loads: the entry and the chunks it imports statically (scripts/build.mjs). */
  bundleBytes: number;
  bundleGzipBytes: number;
  /** Every chunk, the lazily loaded ones too. */
  bundleTotalBytes?: number;
  processes: number;
  importMs: Summary;
  firstAnswerMs: Summary;
  importAndFirstAnswerMs: Summary;
  /** Node's own start with an empty script, for scale (not part of the figure). */
  nodeBootMs: number;
  /** The baseline (bench/baseline/lambda-entry.ts) bundled the same way: its size and its import alone. */
  baseline: { bundleBytes: number; bundleGzipBytes: number; importMs: Summary };
}

const IMPORT_ONLY = `
const t0 = performance.now();
await import(process.argv[1]);
process.stdout.write('\\u0001' + JSON.stringify({ importMs: performance.now() - t0 }) + '\\n');
`;

/** Bundles the baseline with the skill's esbuild settings (scripts/build.mjs), into `outdir`. */
export async function buildBaselineBundle(outdir: string): Promise<string> {
  const outfile = path.join(outdir, 'baseline.mjs');
  await build({
    ...lambdaBuildOptions,
    entryPoints: [fileURLToPath(new URL('../baseline/lambda-entry.ts', import.meta.url))],
    outfile,
  });
  return outfile;
}

/** Files' size, raw and gzipped (each file on its own, as each is read), summed. */
async function sizeOf(files: string[]): Promise<{ bundleBytes: number; bundleGzipBytes: number }> {
  let bundleBytes = 0;
  let bundleGzipBytes = 0;
  for (const file of files) {
    const bytes = await readFile(file);
    bundleBytes += bytes.length;
    bundleGzipBytes += gzipSync(bytes, { level: 9 }).length;
  }
  return { bundleBytes, bundleGzipBytes };
}

/** `world`: presets.bench with a doorbell of ALICE's, which the Discover finds. */
/** `bundle`: the entry, what a cold start loads (`coldFiles`, the entry among them) and the size of every chunk. */
export async function measureColdStart(world: BenchWorld, bundle: { file: string; coldFiles: string[]; totalBytes: number }, baselineFile: string, processes = 15): Promise<ColdStartResult> {
  const bundleFile = bundle.file;
  const skill = inProcessSkill(world);
  const token = await skill.tokenFor(ALICE);
  const event = JSON.stringify(discover(token));
  const run = promisify(execFile);
  const imports: number[] = [];
  const answers: number[] = [];
  const totals: number[] = [];
  const boots: number[] = [];
  const baselineImports: number[] = [];
  for (let i = 0; i < processes; i++) {
    const { stdout: b } = await run(process.execPath, ['--input-type=module', '-e', IMPORT_ONLY, pathToFileURL(baselineFile).href], { env: { PATH: process.env.PATH, ...skill.env }, timeout: 30_000 });
    const bl = b.split('\n').find((l) => l.startsWith('\u0001'));
    if (!bl) throw new Error(`baseline import probe printed no result: ${b.slice(-300)}`);
    baselineImports.push((JSON.parse(bl.slice(1)) as { importMs: number }).importMs);
    const started = performance.now();
    await run(process.execPath, ['-e', '0']);
    boots.push(performance.now() - started);
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', PROBE, pathToFileURL(bundleFile).href], {
      env: { PATH: process.env.PATH, ...skill.env, PROBE_EVENT: event },
      timeout: 30_000,
    });
    const line = stdout.split('\n').find((l) => l.startsWith('\u0001'));
    if (!line) throw new Error(`cold-start probe printed no result: ${stdout.slice(-300)}`);
    const r = JSON.parse(line.slice(1)) as { name: string; importMs: number; firstAnswerMs: number };
    if (r.name !== 'Discover.Response') throw new Error(`cold start answered ${r.name}`);
    imports.push(r.importMs);
    answers.push(r.firstAnswerMs);
    totals.push(r.importMs + r.firstAnswerMs);
  }
  return {
    ...(await sizeOf(bundle.coldFiles)),
    bundleTotalBytes: bundle.totalBytes,
    processes,
    importMs: summarize(imports),
    firstAnswerMs: summarize(answers),
    importAndFirstAnswerMs: summarize(totals),
    nodeBootMs: median(boots),
    baseline: { ...(await sizeOf([baselineFile])), importMs: summarize(baselineImports) },
  };
}
