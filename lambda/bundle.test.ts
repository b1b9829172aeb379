/**
 * The built artefact, not the sources: bundle the skill with the project's esbuild script, then in
 * a fresh Node process import it and answer a Discover against the local servers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ALICE, BOB, doorbell, pageCaller, startSkillWorld, type SkillWorld } from './testing/skill-world.js';
import { directive } from './testing/fixtures/index.js';
import { DiscoverResponseShape } from './testing/skill-messages.js';
import { buildLambda } from '../scripts/build.mjs';
import { BUNDLE_EXPORTS } from '../contracts/bundle.js';

let world: SkillWorld;
let outdir: string;
let bundle: Awaited<ReturnType<typeof buildLambda>>;

beforeAll(async () => {
  world = await startSkillWorld();
  await world.seed([doorbell('front-door', ALICE), doorbell('bobs-door', BOB)]);
  outdir = await mkdtemp(path.join(tmpdir(), 'skill-bundle-'));
  bundle = await buildLambda(outdir);
}, 120_000);
afterAll(async () => {
  await world?.close();
  await rm(outdir, { recursive: true, force: true });
});

/** Runs in a fresh process: import the bundle, call one export with one event, print the result and timings. */
const probe = `
const t0 = performance.now();
const mod = await import(process.argv[1]);
const t1 = performance.now();
const event = JSON.parse(process.env.PROBE_EVENT);
const res = await mod[process.env.PROBE_EXPORT](event, { getRemainingTimeInMillis: () => 8000, awsRequestId: 'probe' });
const t2 = performance.now();
process.stdout.write('\\nPROBE' + JSON.stringify({ exports: Object.keys(mod).sort(), res, importMs: t1 - t0, firstAnswerMs: t2 - t1 }) + '\\n');
`;

async function runBundle(exportName: string, event: unknown): Promise<{ exports: string[]; res: unknown; importMs: number; firstAnswerMs: number; logs: string }> {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', probe, pathToFileURL(path.join(outdir, 'index.mjs')).href], {
    env: { ...process.env, ...world.env, PROBE_EXPORT: exportName, PROBE_EVENT: JSON.stringify(event) },
    timeout: 30_000,
  });
  const line = stdout.split('\n').find((l) => l.startsWith('PROBE'))!;
  return { ...JSON.parse(line.slice(5)), logs: stdout + stderr };
}

describe('the built bundle', () => {
  it('loads under 700 KB minified at a cold start, the access API, the health check and STS only in chunks of their own', () => {
    expect(bundle.file.endsWith('index.mjs')).toBe(true);
    expect(bundle.bytes).toBeLessThan(700 * 1024);
    const chunkOf = (input: string) => Object.entries(bundle.metafile.outputs).filter(([, o]) => Object.keys(o.inputs).some((i) => i.includes(input))).map(([f]) => f);
    for (const lazy of ['lambda/access/handler.ts', 'lambda/health/check.ts', '@aws-sdk/client-sts/']) {
      const files = chunkOf(lazy);
      expect(files.length, lazy).toBeGreaterThan(0);
      for (const f of files) expect(bundle.coldFiles, `${lazy} is loaded at a cold start`).not.toContain(f);
    }
    console.log(`skill bundle: ${(bundle.bytes / 1024).toFixed(0)} KB at a cold start, ${(bundle.totalBytes / 1024).toFixed(0)} KB with every chunk`);
  });

  it('exports its four entry points and answers a Discover in a fresh process', async () => {
    const token = await world.tokenFor(ALICE);
    const out = await runBundle('handler', directive('discover', { token }));
    expect(out.exports).toEqual(Object.values(BUNDLE_EXPORTS).sort());
    const res = DiscoverResponseShape.parse(out.res);
    expect(res.event.payload.endpoints.map((e) => e.endpointId)).toEqual(['front-door']);
    expect(out.logs).not.toContain(token);
    console.log(`cold import ${out.importMs.toFixed(0)} ms, first Discover ${out.firstAnswerMs.toFixed(0)} ms`);
  });

  it('serves the device API from deviceHandler', async () => {
    const out = await runBundle('deviceHandler', {
      rawPath: '/v1/doorbells/front-door',
      requestContext: { http: { method: 'GET', path: '/v1/doorbells/front-door' }, authorizer: pageCaller('camera', 'front-door') },
    });
    const res = out.res as { statusCode: number; body: string };
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ endpointId: 'front-door', linked: false });
  });
});
