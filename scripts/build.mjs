// One esbuild script for every artefact: the skill's Lambda bundle and the browser pages.
// Other tools (the CDK stack, the local stack, the benchmark) find the outputs at these paths.
//   node scripts/build.mjs            everything
//   node scripts/build.mjs lambda     only dist/lambda
//   node scripts/build.mjs pages      only the pages
// Outputs are overwritten in place (no wipe of dist/), so one part can be rebuilt while
// another part's tests read theirs.
import { build } from 'esbuild';
import { cp, mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (p) => path.join(root, p);

/**
 * esbuild settings of the skill's bundle: one self-contained, minified ESM file for Node 20.
 * The benchmark bundles its baseline with the same settings, so sizes compare like for like.
 */
export const lambdaBuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  legalComments: 'none',
  // Some CommonJS dependencies call require() for Node built-ins; an ESM bundle has no require.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  mainFields: ['module', 'main'],
  logLevel: 'warning',
};

/**
 * The skill: `index.mjs` exporting its four entry points (contracts/bundle.ts), and `chunks/`.
 * Code split at its dynamic imports: what only some entry points or directives need (the access
 * API and STS, the health check, the KVS and Secrets Manager clients) is in chunks loaded on first
 * use, so a cold start parses only the entry and the chunks it imports statically (`coldFiles`).
 * `bytes` is theirs; `totalBytes` counts every chunk. Stale chunks of an earlier build are removed.
 */
export async function buildLambda(outdir = at('dist/lambda')) {
  await rm(path.join(outdir, 'chunks'), { recursive: true, force: true });
  const result = await build({
    ...lambdaBuildOptions,
    entryPoints: { index: at('lambda/index.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    metafile: true,
  });
  const outputs = result.metafile.outputs;
  const file = Object.keys(outputs).find((f) => f.endsWith('index.mjs'));
  const byPath = new Map(Object.keys(outputs).map((f) => [path.resolve(f), f]));
  const cold = new Set();
  const visit = (f) => {
    if (cold.has(f)) return;
    cold.add(f);
    for (const i of outputs[f].imports) if (i.kind === 'import-statement' && !i.external && byPath.has(path.resolve(i.path))) visit(byPath.get(path.resolve(i.path)));
  };
  visit(file);
  const modules = Object.keys(outputs).filter((f) => f.endsWith('.mjs'));
  const sum = (files) => files.reduce((n, f) => n + outputs[f].bytes, 0);
  return { file, coldFiles: [...cold], bytes: sum([...cold]), totalBytes: sum(modules), metafile: result.metafile };
}

/** Browser pages: each entry is a page script; the folder's HTML, CSS and images are copied beside it. */
export const pages = [
  { dir: 'camera', entries: ['camera/camera-page.ts', 'camera/viewer-page.ts', 'camera/doorbell-page.ts', 'camera/setup-page.ts'], out: 'dist/camera' },
  { dir: 'infra/local/alexa/echo-show', entries: ['infra/local/alexa/echo-show/echo-show-page.ts'], out: 'dist/echo-show' },
];

export async function buildPages(outRoot = at('dist')) {
  for (const page of pages) {
    const entries = page.entries.map(at).filter((e) => existsSync(e));
    if (entries.length === 0) continue;
    const outdir = path.join(outRoot, path.relative('dist', page.out));
    await mkdir(outdir, { recursive: true });
    await build({
      entryPoints: entries,
      outdir,
      bundle: true,
      platform: 'browser',
      target: ['chrome110', 'firefox115', 'safari16'],
      format: 'esm',
      minify: true,
      sourcemap: 'linked',
      legalComments: 'none',
      define: { global: 'globalThis' },
      logLevel: 'warning',
    });
    await cp(at(page.dir), outdir, {
      recursive: true,
      filter: (src) => !src.endsWith('.ts') && !/[/\\](testing|test|__tests__)([/\\]|$)/.test(src),
    });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const what = process.argv[2] ?? 'all';
  if ((what === 'all' || what === 'lambda') && existsSync(at('lambda/index.ts'))) {
    const { bytes, totalBytes } = await buildLambda();
    console.log(`dist/lambda/index.mjs  ${(bytes / 1024).toFixed(0)} KB at a cold start (${(totalBytes / 1024).toFixed(0)} KB with every chunk)`);
  }
  if (what === 'all' || what === 'pages') {
    await buildPages();
    console.log('dist/ pages built');
  }
}
