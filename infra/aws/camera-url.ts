/**
 * `npm run camera-url -- <endpointId> [--viewer | --button] [--page-origin <origin>]
 *                         [--stack-name <name>] [--hours <1-12>] [--region <region>]
 *                         [--outputs-file infra/aws/build/stack-outputs.json]`
 *
 * Reads the stack's outputs (CloudFormation DescribeStacks), assumes the camera role (or the
 * viewer role) with STS under the session name <endpointId>, and prints the page's URL with the
 * PageConfig in its fragment. Uses the AWS credentials of whoever runs it (profile, SSO, env).
 * The printed URL holds temporary credentials: treat it like a key until it expires.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { TemporaryCredentials } from '../../contracts/page-config.js';
import type { PageRole } from '../../contracts/page-roles.js';
import { findDoorbell, pageConfigFromOutputs, pageUrl, roleArnFor } from './page-url.js';
import { loadStackOutputs } from './describe-stack.js';
import { DEFAULT_STACK_NAME } from './stack-outputs.js';

/** STS refuses more than an hour when the caller's own credentials come from a role (role chaining). */
const ROLE_CHAINING_LIMIT_SECONDS = 3600;

export async function assumePageRole(
  roleArn: string,
  endpointId: string,
  region: string,
  seconds: number,
  note: (line: string) => void = console.error,
): Promise<TemporaryCredentials> {
  const sts = new STSClient({ region });
  const assume = (durationSeconds: number) =>
    sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: endpointId, DurationSeconds: durationSeconds }));
  let response;
  try {
    response = await assume(seconds);
  } catch (err) {
    const chained = err instanceof Error && /role chaining/i.test(err.message);
    if (!chained || seconds <= ROLE_CHAINING_LIMIT_SECONDS) throw err;
    note('Your credentials come from a role, so STS allows at most 1 hour: the link expires in 1 hour.');
    response = await assume(ROLE_CHAINING_LIMIT_SECONDS);
  } finally {
    sts.destroy();
  }
  const c = response.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('STS returned no credentials');
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
    ...(c.Expiration ? { expiration: c.Expiration.toISOString() } : {}),
  };
}

/** Runs the command; returns the page URL and tells the person the rest through `note`. */
export async function runCameraUrl(argv: string[], note: (line: string) => void = console.error): Promise<string> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      viewer: { type: 'boolean', default: false },
      button: { type: 'boolean', default: false },
      'page-origin': { type: 'string' },
      'stack-name': { type: 'string', default: DEFAULT_STACK_NAME },
      hours: { type: 'string', default: '12' },
      region: { type: 'string' },
      'outputs-file': { type: 'string' },
    },
  });
  const endpointId = positionals[0];
  if (!endpointId || (values.viewer && values.button)) {
    throw new Error('usage: npm run camera-url -- <endpointId> [--viewer | --button] [--page-origin <origin>] [--stack-name <name>] [--hours <1-12>] [--region <region>] [--outputs-file <file>]');
  }
  const role: PageRole = values.viewer ? 'viewer' : values.button ? 'button' : 'camera';
  const hours = Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0) throw new Error('--hours must be a positive number');
  const outputs = await loadStackOutputs({ stackName: values['stack-name'], region: values.region, outputsFile: values['outputs-file'] });
  // Before any STS call: an unknown doorbell is a typo, not something to assume a role for.
  findDoorbell(outputs, endpointId);
  const seconds = Math.max(900, Math.min(Math.round(hours * 3600), outputs.deviceRoleMaxSessionSeconds));
  const credentials = await assumePageRole(roleArnFor(outputs, role), endpointId, outputs.region, seconds, note);
  const config = pageConfigFromOutputs(outputs, endpointId, credentials);
  const origin = values['page-origin'] ?? outputs.pageOrigin;
  note(`${role} page for ${config.name} (${endpointId}), credentials valid until ${credentials.expiration ?? 'unknown'}:`);
  if (origin !== outputs.pageOrigin) note(`Note: ${origin} must be one of the stack's pageOrigins, or the device API's CORS refuses the page.`);
  return pageUrl(origin, role, config);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runCameraUrl(process.argv.slice(2)).then(console.log, (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
}
