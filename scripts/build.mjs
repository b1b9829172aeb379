// One esbuild run for every artefact: the skill's Lambda bundle and the browser pages.
// Other tools (the CDK stack, the local stack, the benchmark) find the outputs at these paths.
import { build } from 'esbuild';
import { cp, mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');

/** The skill: one self-contained ESM file exporting `handler(event, context)`. */
const lambda = {
  entryPoints: { index: 'lambda/index.ts' },
  outdir: 'dist/lambda',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  sourcemap: 'linked',
  metafile: true,
  legalComments: 'none',
  // Some CommonJS dependencies call require() for Node built-ins; an ESM bundle has no require.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  mainFields: ['module', 'main'],
};

/** Browser pages: each entry is a page script; its HTML and CSS sit beside it and are copied. */
const pages = [
  { dir: 'camera', entries: ['camera/camera-page.ts', 'camera/viewer-page.ts', 'camera/doorbell-page.ts'], out: 'dist/camera' },
  { dir: 'infra/local/alexa/echo-show', entries: ['infra/local/alexa/echo-show/echo-show-page.ts'], out: 'dist/echo-show' },
];

async function buildPages() {
  for (const page of pages) {
    const entries = page.entries.filter((e) => existsSync(e));
    if (entries.length === 0) continue;
    await mkdir(page.out, { recursive: true });
    await build({
      entryPoints: entries,
      outdir: page.out,
      bundle: true,
      platform: 'browser',
      target: ['chrome110', 'firefox115', 'safari16'],
      format: 'esm',
      minify: true,
      sourcemap: 'linked',
      legalComments: 'none',
      define: { global: 'globalThis' },
    });
    await cp(page.dir, page.out, {
      recursive: true,
      filter: (src) => !/\.(ts|test\.ts)$/.test(src) && !src.includes('/__tests__') && !src.includes('/test'),
    });
  }
}

await rm('dist', { recursive: true, force: true });
if (existsSync(lambda.entryPoints.index)) {
  const result = await build(lambda);
  const out = result.metafile.outputs['dist/lambda/index.mjs'];
  console.log(`dist/lambda/index.mjs  ${(out.bytes / 1024).toFixed(0)} KB`);
}
await buildPages();
if (watch) console.log('watch mode is not implemented; rerun npm run build');
