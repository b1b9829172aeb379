/**
 * CDK app entry (cdk.json: `node --import tsx app.ts`). Settings come from context values (`-c key=value`):
 *   skillId       the Alexa skill id (else the template asks for the parameter SkillId at deploy)
 *   lwaClientId   the skill's own LWA client id, from the developer console's Permissions page
 *                 (else the parameter LwaClientId)
 *   linkingClientId  the client id of the LWA security profile used for account linking
 *                 (else the parameter LinkingClientId)
 *   doorbells     path of the doorbells file (default infra/aws/doorbells.json)
 *   pageOrigins   comma-separated origins the pages are served from besides the stack's own
 *                 CloudFront (and custom) domain, allowed by both APIs' CORS (default none)
 *   pagesDomainNames    comma-separated host names to serve the pages under too (optional) ...
 *   pagesCertificateArn ... with this ACM certificate in us-east-1 (both or neither)
 *   accessApiConcurrency  reserved concurrency of the access API (default 5), or "off" for none
 *   alarmEmail    an address to subscribe to the alarms (optional)
 *   stackName     default AlexaVideoDoorbell
 *   bundleDir     directory of the skill bundle (default dist/lambda)
 *   pagesDir      directory of the built pages (default dist/camera)
 * No lookups: synthesis needs no AWS account and no network.
 */
import { App } from 'aws-cdk-lib';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LWA_CLIENT_ID_PATTERN, SKILL_ID_PATTERN } from './amazon-ids.js';
import type { CustomDomain } from './constructs/hosted-pages.js';
import { DoorbellStack } from './doorbell-stack.js';
import { loadDoorbells } from './doorbells-config.js';
import { DEFAULT_STACK_NAME } from './stack-outputs.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '../..');
export const DEFAULT_BUNDLE_DIR = path.join(REPO_ROOT, 'dist/lambda');
export const DEFAULT_PAGES_DIR = path.join(REPO_ROOT, 'dist/camera');
export const DEFAULT_DOORBELLS_FILE = path.join(here, 'doorbells.json');
/** The pages' entry points; their presence says the pages are built. */
const BUILT_PAGE = 'camera.html';
/** CloudFront takes certificates from us-east-1 only. */
const CLOUDFRONT_CERTIFICATE_ARN = /^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/;
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

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
  const pagesDir = path.resolve(REPO_ROOT, context('pagesDir') ?? DEFAULT_PAGES_DIR);
  if (!existsSync(path.join(pagesDir, BUILT_PAGE))) {
    throw new Error(`No built pages at ${pagesDir} (no ${BUILT_PAGE}): run "node scripts/build.mjs pages" first.`);
  }
  const pageOrigins = list(context('pageOrigins')).map((o) => o.replace(/\/+$/, ''));
  for (const origin of pageOrigins) {
    const url = new URL(origin);
    if (url.origin !== origin) throw new Error(`pageOrigins: "${origin}" is not an origin (scheme://host[:port])`);
  }
  const customDomain = customDomainOf(list(context('pagesDomainNames')).map((n) => n.toLowerCase()), context('pagesCertificateArn'));
  const skillId = matching(context('skillId'), SKILL_ID_PATTERN, 'skillId');
  const lwaClientId = matching(context('lwaClientId'), LWA_CLIENT_ID_PATTERN, 'lwaClientId');
  const linkingClientId = matching(context('linkingClientId'), LWA_CLIENT_ID_PATTERN, 'linkingClientId');
  const alarmEmail = context('alarmEmail');
  const accessApiConcurrency = concurrency(context('accessApiConcurrency'));
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const region = process.env.CDK_DEFAULT_REGION;
  return new DoorbellStack(app, context('stackName') ?? DEFAULT_STACK_NAME, {
    description: 'Alexa video doorbell: smart-home skill, KVS signaling channels, doorbell-device and access APIs, hosted pages',
    // Environment-agnostic unless the CLI knows the account and region (deploy); synth needs neither.
    ...(account && region ? { env: { account, region } } : {}),
    doorbells: loadDoorbells(path.resolve(REPO_ROOT, context('doorbells') ?? DEFAULT_DOORBELLS_FILE)),
    bundleDir,
    pagesDir,
    ...(pageOrigins.length ? { extraPageOrigins: pageOrigins } : {}),
    ...(customDomain ? { customDomain } : {}),
    ...(skillId ? { skillId } : {}),
    ...(lwaClientId ? { lwaClientId } : {}),
    ...(linkingClientId ? { linkingClientId } : {}),
    ...(alarmEmail ? { alarmEmail } : {}),
    ...(accessApiConcurrency !== undefined ? { accessApiConcurrency } : {}),
  });
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);
}

function customDomainOf(domainNames: string[], certificateArn: string | undefined): CustomDomain | undefined {
  if (domainNames.length === 0 && certificateArn === undefined) return undefined;
  if (domainNames.length === 0 || certificateArn === undefined) throw new Error('pagesDomainNames and pagesCertificateArn go together: give both, or neither');
  for (const name of domainNames) if (!HOST_NAME.test(name)) throw new Error(`pagesDomainNames: "${name}" is not a host name`);
  if (!CLOUDFRONT_CERTIFICATE_ARN.test(certificateArn)) {
    throw new Error(`pagesCertificateArn: "${certificateArn}" is not an ACM certificate in us-east-1 (CloudFront takes only those)`);
  }
  return { domainNames, certificateArn };
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
