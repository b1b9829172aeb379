/**
 * `npx tsx infra/aws/fill-skill-package.ts [--stack-name <name>] [--region <region>]
 *                                        [--outputs-file infra/aws/build/stack-outputs.json] [--out-dir <dir>]`
 *
 * Makes a deployable ASK CLI project from the skill package templates and the stack's outputs:
 *   infra/aws/build/skill/ask-resources.json
 *   infra/aws/build/skill/.ask/ask-states.json     (the existing skill's id, so `ask deploy` updates it)
 *   infra/aws/build/skill/skill-package/skill.json (the skill Lambda's ARN as the smart-home endpoint)
 *   infra/aws/build/skill/accountLinking.json      (the LWA security profile's client id; no secret)
 * Both documents are validated against the manifest rules before anything is written.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ALEXA_REGION_OF_AWS_REGION, ALEXA_REGIONS } from '../../contracts/alexa/regions.js';
import { accountLinkingSchema, skillManifestSchema, type AccountLinking, type SkillManifest } from './skill-manifest-schema.js';
import { loadStackOutputs } from './describe-stack.js';
import { localesOf } from './skill-locales.js';
import { DEFAULT_STACK_NAME, OUTPUT, type StackOutputs } from './stack-outputs.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const TEMPLATE_DIR = path.join(here, 'skill-package');
export const BUILD_DIR = path.join(here, 'build', 'skill');

const PLACEHOLDER = /\{\{([A-Za-z0-9]+)\}\}/g;

/** Replaces every `{{OutputKey}}` in the template's strings with that stack output. */
export function fillPlaceholders(template: unknown, values: Readonly<Record<string, string>>): unknown {
  if (typeof template === 'string') {
    return template.replace(PLACEHOLDER, (_, key: string) => {
      const value = values[key];
      if (value === undefined) throw new Error(`The skill package asks for {{${key}}}, which is not a stack output`);
      return value;
    });
  }
  if (Array.isArray(template)) return template.map((item) => fillPlaceholders(item, values));
  if (template && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fillPlaceholders(v, values)]));
  }
  return template;
}

/** The output values by key, as the templates' placeholders name them. */
export function placeholderValues(outputs: StackOutputs): Record<string, string> {
  return {
    [OUTPUT.skillFunctionArn]: outputs.skillFunctionArn,
    [OUTPUT.linkingClientId]: outputs.linkingClientId,
    [OUTPUT.skillId]: outputs.skillId,
    [OUTPUT.region]: outputs.region,
  };
}

export interface FilledSkillPackage {
  manifest: SkillManifest;
  accountLinking: AccountLinking;
}

export function fillSkillPackage(templates: { manifest: unknown; accountLinking: unknown }, outputs: StackOutputs): FilledSkillPackage {
  const values = placeholderValues(outputs);
  const manifest = parseOrExplain(skillManifestSchema, fillPlaceholders(templates.manifest, values), 'skill.json');
  // The stack's region serves its Alexa region; the default endpoint covers the others.
  const alexaRegion = ALEXA_REGION_OF_AWS_REGION[outputs.region];
  if (alexaRegion) {
    manifest.manifest.apis.smartHome.regions = {
      ...manifest.manifest.apis.smartHome.regions,
      [alexaRegion]: { endpoint: { uri: outputs.skillFunctionArn } },
    };
  }
  return {
    manifest: parseOrExplain(skillManifestSchema, manifest, 'skill.json'),
    accountLinking: parseOrExplain(accountLinkingSchema, fillPlaceholders(templates.accountLinking, values), 'accountLinking.json'),
  };
}

function parseOrExplain<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${what} is not a valid skill package document:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/** The ASK CLI v2 project files around the package. */
export function askProjectFiles(skillId: string): { resources: unknown; states: unknown } {
  return {
    resources: { askcliResourcesVersion: '2020-03-31', profiles: { default: { skillMetadata: { src: './skill-package' } } } },
    states: { askcliStatesVersion: '2020-03-31', profiles: { default: { skillId, skillMetadata: {} } } },
  };
}

export async function readTemplates(dir = TEMPLATE_DIR): Promise<{ manifest: unknown; accountLinking: unknown }> {
  const read = async (file: string): Promise<unknown> => JSON.parse(await readFile(path.join(dir, file), 'utf8'));
  return { manifest: await read('skill.json'), accountLinking: await read('accountLinking.json') };
}

export async function writeSkillProject(filled: FilledSkillPackage, skillId: string, outDir = BUILD_DIR): Promise<void> {
  const { resources, states } = askProjectFiles(skillId);
  const write = async (file: string, value: unknown) => {
    await mkdir(path.dirname(path.join(outDir, file)), { recursive: true });
    await writeFile(path.join(outDir, file), `${JSON.stringify(value, null, 2)}\n`);
  };
  await write('ask-resources.json', resources);
  await write('.ask/ask-states.json', states);
  await write('skill-package/skill.json', filled.manifest);
  await write('accountLinking.json', filled.accountLinking);
}

/**
 * Which of the package's locales this stack's Lambda serves. Alexa sends each Alexa region's
 * directives to the Lambda in that region's AWS region, so the other regions' users need a stack
 * (and a regional endpoint) there.
 */
export function coverageOf(awsRegion: string): string {
  const served = ALEXA_REGION_OF_AWS_REGION[awsRegion];
  if (!served) return `${awsRegion} is not an AWS region Alexa calls: no locale is served`;
  const awsRegionOf = (region: string) => Object.entries(ALEXA_REGION_OF_AWS_REGION).find(([, r]) => r === region)?.[0];
  const others = ALEXA_REGIONS.filter((r) => r !== served).map((r) => `${localesOf(r).join(', ')} need a stack in ${awsRegionOf(r)} (${r})`);
  return `serves ${localesOf(served).join(', ')} (Alexa region ${served}); ${others.join('; ')}`;
}

export async function runFillSkillPackage(argv: string[]): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'stack-name': { type: 'string', default: DEFAULT_STACK_NAME },
      region: { type: 'string' },
      'outputs-file': { type: 'string' },
      'out-dir': { type: 'string', default: BUILD_DIR },
    },
  });
  const outputs = await loadStackOutputs({ stackName: values['stack-name'], region: values.region, outputsFile: values['outputs-file'] });
  const filled = fillSkillPackage(await readTemplates(), outputs);
  await writeSkillProject(filled, outputs.skillId, values['out-dir']);
  return [
    `ASK CLI project written to ${path.relative(process.cwd(), values['out-dir']) || '.'} (skill ${outputs.skillId}, endpoint ${outputs.skillFunctionArn})`,
    `The endpoint ${coverageOf(outputs.region)}.`,
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runFillSkillPackage(process.argv.slice(2)).then(console.log, (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
}
