/**
 * Builds the skill's bundle (and, when asked, the pages) into a folder laid out as dist/, for the
 * tests that start the local stack or `npm start` on a temporary distDir.
 */
import path from 'node:path';
import { buildLambda, buildPages } from '../../../scripts/build.mjs';

export async function buildInto(dir: string, opts: { pages?: boolean } = {}): Promise<void> {
  await buildLambda(path.join(dir, 'lambda'));
  if (opts.pages) await buildPages(dir);
}
