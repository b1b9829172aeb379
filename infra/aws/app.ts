/**
 * CDK app entry (cdk.json: `node --import tsx app.ts`). Settings come from context values (`-c key=value`):
 *   skillId       the Alexa skill id (else the template asks for the parameter SkillId at deploy)
 *   lwaClientId   the skill's own LWA client id, from the developer console's Permissions page
 *                 (else the parameter LwaClientId)
 *   linkingClientId  the client id of the LWA security profile used for account linking
 *                 (else the parameter LinkingClientId)
 *   doorbells     path of the doorbells file (default infra/aws/doorbells.json)
 *   pageOrigins   comma-separated origins the pages are served from (default http://localhost:8080)
 *   accessApiConcurrency  reserved concurrency of the access API (default 5), or "off" for none
 *   alarmEmail    an address to subscribe to the alarms (optional)
 *   stackName     default AlexaVideoDoorbell
 *   bundleDir     directory of the skill bundle (default dist/lambda)
 * No lookups: synthesis needs no AWS account and no network.
 */
import { App } from 'aws-cdk-lib';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LWA_CLIENT_ID_PATTERN, SKILL_ID_PATTERN } from './amazon-ids.js';
import { DoorbellStack } from './doorbell-stack.js';
import { loadDoorbells } from './doorbells-config.js';
import { DEFAULT_STACK_NAME } from './stack-outputs.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '../..');
export const DEFAULT_BUNDLE_DIR = path.join(REPO_ROOT, 'dist/lambda');
export const DEFAULT_DOORBELLS_FILE = path.join(here, 'doorbells.json');
export const DEFAULT_PAGE_ORIGIN = 'http://localhost:8080';

/** The client secret goes into Secrets Manager, never through the CDK (it would land in the template). */
const FORBIDDEN_CONTEXT = ['lwaClientSecret', 'clientSecret', 'lwa_client_secret'];

export function defineDoorbellApp(app: App): DoorbellStack {
  const context = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  for (const key of FORBIDDEN_CONTEXT) {
    if (app.node.tryGetContext(key) !== undefined) {
      throw new Error(`Do not pass "${key}" to the CDK: it would be written into the template. Put it into the stack's secret instead (see infra/aws/README.md).`);
    }
  }
  const bundleDir = path.resolve(REPO_ROOT, context('bundleDir') ?? DEFAULT_BUNDLE_DIR);
  if (!existsSync(path.join(bundleDir, 'index.mjs'))) {
    throw new Error(`No skill bundle at ${bundleDir}/index.mjs: run "node scripts/build.mjs lambda" first.`);
  }
  const pageOrigins = (context('pageOrigins') ?? DEFAULT_PAGE_ORIGIN)
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  for (const origin of pageOrigins) {
    const url = new URL(origin);
    if (url.origin !== origin) throw new Error(`pageOrigins: "${origin}" is not an origin (scheme://host[:port])`);
  }
  const skillId = matching(context('skillId'), SKILL_ID_PATTERN, 'skillId');
  const lwaClientId = matching(context('lwaClientId'), LWA_CLIENT_ID_PATTERN, 'lwaClientId');
  const linkingClientId = matching(context('linkingClientId'), LWA_CLIENT_ID_PATTERN, 'linkingClientId');
  const alarmEmail = context('alarmEmail');
  const accessApiConcurrency = concurrency(context('accessApiConcurrency'));
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const region = process.env.CDK_DEFAULT_REGION;
  return new DoorbellStack(app, context('stackName') ?? DEFAULT_STACK_NAME, {
    description: 'Alexa video doorbell: smart-home skill, KVS signaling channels, doorbell-device API',
    // Environment-agnostic unless the CLI knows the account and region (deploy); synth needs neither.
    ...(account && region ? { env: { account, region } } : {}),
    doorbells: loadDoorbells(path.resolve(REPO_ROOT, context('doorbells') ?? DEFAULT_DOORBELLS_FILE)),
    bundleDir,
    pageOrigins,
    ...(skillId ? { skillId } : {}),
    ...(lwaClientId ? { lwaClientId } : {}),
    ...(linkingClientId ? { linkingClientId } : {}),
    ...(alarmEmail ? { alarmEmail } : {}),
    ...(accessApiConcurrency !== undefined ? { accessApiConcurrency } : {}),
  });
}

/** `off` reserves none (an account whose concurrency limit is 10 cannot reserve any); 0 would stop the function. */
function concurrency(value: string | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === 'off') return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`accessApiConcurrency: "${value}" is not a whole number of at least 1, or "off"`);
  return n;
}

/** The same check CloudFormation applies to the parameters, for values given as context. */
function matching(value: string | undefined, pattern: string, key: string): string | undefined {
  if (value !== undefined && !new RegExp(pattern).test(value)) throw new Error(`${key}: "${value}" does not look right (expected ${pattern})`);
  return value;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const app = new App();
  defineDoorbellApp(app);
  app.synth();
}
