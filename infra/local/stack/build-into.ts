/**
 * Builds the skill's bundle (and, when asked, the pages) into a folder laid out as dist/, for the
 * tests that start the local stack or `npm start` on a temporary distDir.
 */
import path from 'node:path';

interface BuildScript {
  buildLambda(outdir: string): Promise<unknown>;
  buildPages(outRoot: string): Promise<void>;
}

export async function buildInto(dir: string, opts: { pages?: boolean } = {}): Promise<void> {
  // The build script is plain JavaScript; a computed specifier keeps tsc out of it.
  const script = new URL('../../../scripts/build.mjs', import.meta.url).href;
  const build = (await import(script)) as BuildScript;
  await build.buildLambda(path.join(dir, 'lambda'));
  if (opts.pages) await build.buildPages(dir);
}
