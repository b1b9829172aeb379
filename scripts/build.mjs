// One esbuild script for every artefact: the skill's Lambda bundle and the browser pages.
// Other tools (the CDK stack, the local stack, the benchmark) find the outputs at these paths.
//   node scripts/build.mjs            everything
//   node scripts/build.mjs lambda     only dist/lambda
//   node scripts/build.mjs pages      only the pages
// Outputs are overwritten in place (no wipe of dist/), so one part can be rebuilt while
// another part's tests read theirs.
import { build } from 'esbuild';
import { cp, mkdir } from 'node:fs/promises';
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

/** The skill: `index.mjs` exporting `handler` and `deviceHandler`. */
export async function buildLambda(outdir = at('dist/lambda')) {
  const result = await build({
    ...lambdaBuildOptions,
    entryPoints: { index: at('lambda/index.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    sourcemap: 'linked',
    metafile: true,
  });
  const [file, meta] = Object.entries(result.metafile.outputs).find(([f]) => f.endsWith('index.mjs'));
  return { file, bytes: meta.bytes, metafile: result.metafile };
}

/** Browser pages: each entry is a page script; the folder's HTML, CSS and images are copied beside it. */
export const pages = [
  { dir: 'camera', entries: ['camera/camera-page.ts', 'camera/viewer-page.ts', 'camera/doorbell-page.ts'], out: 'dist/camera' },
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
    const { bytes } = await buildLambda();
    console.log(`dist/lambda/index.mjs  ${(bytes / 1024).toFixed(0)} KB`);
  }
  if (what === 'all' || what === 'pages') {
    await buildPages();
    console.log('dist/ pages built');
  }
}
