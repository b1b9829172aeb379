/**
 * `npm run camera-url -- <endpointId> [--viewer | --button] [--page-origin <origin>]
 *                         [--stack-name <name>] [--region <region>]
 *                         [--outputs-file infra/aws/build/stack-outputs.json]`
 *
 * Prints a one-time setup link for a device you do not want to sign in on: the stack's setup page
 * with a one-time enrollment code in its fragment, for the doorbell's camera (default), its
 * doorbell button or a viewer. It writes the code (only its hash) into the stack's setup table with
 * the AWS credentials of whoever runs it (profile, SSO, env: they need dynamodb:PutItem on the
 * setup table); the device opens the link within ten minutes, the access API takes the code once
 * and gives the page its device grant. No credential is in the link, and nothing assumes a role here.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { PageRole } from '../../contracts/page-roles.js';
import { loadStackOutputs } from './describe-stack.js';
import { createSetupLink, findDoorbell } from './setup-link.js';
import { DEFAULT_STACK_NAME } from './stack-outputs.js';

const USAGE = 'usage: npm run camera-url -- <endpointId> [--viewer | --button] [--page-origin <origin>] [--stack-name <name>] [--region <region>] [--outputs-file <file>]';

/** Runs the command; returns the link and tells the person the rest through `note`. */
export async function runCameraUrl(argv: string[], note: (line: string) => void = console.error): Promise<string> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      viewer: { type: 'boolean', default: false },
      button: { type: 'boolean', default: false },
      'page-origin': { type: 'string' },
      'stack-name': { type: 'string', default: DEFAULT_STACK_NAME },
      region: { type: 'string' },
      'outputs-file': { type: 'string' },
    },
  });
  const endpointId = positionals[0];
  if (!endpointId || positionals.length > 1 || (values.viewer && values.button)) throw new Error(USAGE);
  const role: PageRole = values.viewer ? 'viewer' : values.button ? 'button' : 'camera';
  const outputs = await loadStackOutputs({ stackName: values['stack-name'], region: values.region, outputsFile: values['outputs-file'] });
  // Before any write: an unknown doorbell is a typo.
  findDoorbell(outputs, endpointId);
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: outputs.region }));
  try {
    const origin = values['page-origin'] ?? outputs.pageOrigin;
    const { link, expiresAt, doorbell } = await createSetupLink(doc, outputs, { endpointId, role, pageOrigin: origin });
    note(`One-time setup link for the ${role === 'button' ? 'doorbell button' : role} of ${doorbell.name} (${endpointId}); open it on the device before ${expiresAt.toISOString()} (it works once):`);
    if (origin !== outputs.pageOrigin) note(`Note: ${origin} must be one of the stack's page origins, or the APIs' CORS refuses the page.`);
    return link;
  } finally {
    doc.destroy();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runCameraUrl(process.argv.slice(2)).then(console.log, (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
}
