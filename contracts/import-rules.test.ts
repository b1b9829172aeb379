/**
 * Who may import whom (contracts/README.md), checked on every source file's imports:
 * - the skill (lambda/) imports nothing from camera/ or infra/, nor the documented-message oracle
 *   (its builders must stay independent of it, so that the tests catch drift from the documentation);
 * - the pages (camera/) import nothing from lambda/ or infra/;
 * - contracts/ imports only zod and itself;
 * - infra/ imports no lambda/ or camera/ source (it runs the built bundle and pages from dist/);
 * - no product code imports test code (the local world, infra/local/world/, is product code: npm start runs it);
 * - bench/ starts what it measures through the world's presets: of the test helpers it uses only the
 *   browser harness (BENCH_HARNESS), never a test world, test master or a stand-in's test helpers.
 * Tests and test harnesses (`*.test.ts`, `test/`, `testing/`, `test-support.ts`) may reach across.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PARTS = ['contracts', 'lambda', 'camera', 'infra', 'bench'] as const;
type Part = (typeof PARTS)[number];

const isTestCode = (file: string): boolean => /\.test\.ts$|(^|\/)(test|testing)\/|(^|\/)test-support\.ts$/.test(file);

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return ['node_modules', 'cdk.out', 'build'].includes(entry.name) ? [] : sourceFiles(rel);
    return /\.(ts|mts|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** Static imports and re-exports, side-effect imports and dynamic imports with a literal specifier. */
function importsOf(source: string): string[] {
  const patterns = [
    /^\s*(?:import|export)\s+(?:type\s+)?[\w*{}\s,$]+?\s+from\s+['"]([^'"]+)['"]/gm,
    /^\s*import\s+['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((re) => [...source.matchAll(re)].map((m) => m[1]!));
}

interface Target {
  /** The repository path a relative specifier lands on, and its top folder. */
  file?: string;
  part?: string;
  /** The package a bare specifier names. */
  pkg?: string;
}

function target(file: string, specifier: string): Target {
  if (!specifier.startsWith('.')) return { pkg: specifier };
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
  return { file: resolved, part: resolved.split('/')[0] };
}

const ORACLE = ['contracts/alexa/messages.js', 'contracts/alexa/check.js'];
/** The test helpers bench/ may use: Chromium with the team's flags, the Echo-Show-like offerer, polling, setting a page up in a browser. */
const BENCH_HARNESS = ['camera/testing/chromium.js', 'camera/testing/offerer.js', 'camera/testing/wait-for.js', 'camera/testing/set-up-page.js'];

const isTestTarget = (to: Target): boolean => to.file !== undefined && isTestCode(to.file.replace(/\.js$/, '.ts'));

const RULES: Record<Part, (to: Target) => boolean> = {
  contracts: (to) => (to.pkg ? to.pkg === 'zod' || to.pkg.startsWith('zod/') : to.part === 'contracts'),
  lambda: (to) => to.part !== 'camera' && to.part !== 'infra' && !ORACLE.includes(to.file ?? '') && !isTestTarget(to),
  camera: (to) => to.part !== 'lambda' && to.part !== 'infra' && !isTestTarget(to),
  infra: (to) => to.part !== 'lambda' && to.part !== 'camera' && !isTestTarget(to),
  bench: (to) => !isTestTarget(to) || BENCH_HARNESS.includes(to.file!),
};

function violations(part: Part): string[] {
  return sourceFiles(part)
    .filter((file) => !isTestCode(file))
    .flatMap((file) =>
      importsOf(readFileSync(path.join(root, file), 'utf8'))
        .filter((specifier) => !RULES[part](target(file, specifier)))
        .map((specifier) => `${file} imports '${specifier}'`),
    );
}

describe('import rules', () => {
  it('reads every kind of import', () => {
    const source = [
      "import { a, type B } from '../a.js';",
      "import type {",
      "  C,",
      "} from './c.js';",
      "export * from './d.js';",
      "import './e.js';",
      "const f = await import('./f.js');",
      " * import { g } from './in-a-comment.js' is not an import",
    ].join('\n');
    expect(importsOf(source)).toEqual(['../a.js', './c.js', './d.js', './e.js', './f.js']);
  });

  for (const part of PARTS) {
    it(`holds for ${part}/`, () => {
      expect(violations(part)).toEqual([]);
    });
  }
});
