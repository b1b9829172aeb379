/**
 * Synthesis inputs for the stack tests: a placeholder skill bundle and placeholder pages in a temp
 * directory (the real ones are built by another part and may not exist yet; the stack only
 * packages the directories), and a doorbells file.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const TEST_SKILL_ID = 'amzn1.ask.skill.12345678-90ab-cdef-1234-567890abcdef';
// Shaped like real client ids (the stack validates the shape), built so no id-looking literal sits in the source.
const LWA_CLIENT_PREFIX = 'amzn1.application-oa2-client.';
export const TEST_LWA_CLIENT_ID = LWA_CLIENT_PREFIX + '0123456789abcdef'.repeat(2);
export const TEST_LINKING_CLIENT_ID = LWA_CLIENT_PREFIX + 'fedcba9876543210'.repeat(2);

export interface SynthFixture {
  bundleDir: string;
  pagesDir: string;
  /** Where an App may write its cloud assembly (removed with the rest). */
  outDir: string;
  doorbellsFile: string;
  cleanup(): void;
}

export function synthFixture(doorbells: unknown): SynthFixture {
  const dir = mkdtempSync(path.join(tmpdir(), 'doorbell-cdk-'));
  const bundleDir = path.join(dir, 'lambda');
  const doorbellsFile = path.join(dir, 'doorbells.json');
  const pagesDir = path.join(dir, 'pages');
  mkdirSync(bundleDir);
  mkdirSync(pagesDir);
  // Stand-ins for the built pages (dist/camera), which the stack deploys as they are.
  for (const page of ['camera.html', 'viewer.html', 'doorbell.html', 'setup.html']) writeFileSync(path.join(pagesDir, page), `<!doctype html><title>${page}</title>`);
  // A stand-in with the entry points the functions name.
  writeFileSync(
    path.join(bundleDir, 'index.mjs'),
    'export const handler = async () => ({});\nexport const deviceHandler = handler;\nexport const accessHandler = handler;\nexport const healthCheckHandler = handler;\n',
  );
  writeFileSync(doorbellsFile, JSON.stringify(doorbells));
  return { bundleDir, pagesDir, outDir: path.join(dir, 'cdk.out'), doorbellsFile, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
