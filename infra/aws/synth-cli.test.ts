import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STACK_NAME } from './stack-outputs.js';
import { synthFixture, type SynthFixture } from './testing/synth-fixture.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const cdk = path.resolve(here, '../../node_modules/.bin/cdk');

let fixture: SynthFixture;
let outDir: string;
beforeAll(async () => {
  fixture = synthFixture([{ endpointId: 'front-door', name: 'Front Door', ownerEmail: 'alice@example.com' }]);
  outDir = await mkdtemp(path.join(tmpdir(), 'doorbell-cdk-out-'));
});
afterAll(async () => {
  fixture?.cleanup();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('cdk synth through the installed CLI', () => {
  it('synthesises the stack with no AWS credentials and no network, with a CLI that reads this aws-cdk-lib', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', AWS_PROFILE: 'doorbell-synth-no-such-profile' };
    for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'CDK_DEFAULT_ACCOUNT', 'CDK_DEFAULT_REGION']) delete env[key];
    // Anything that tries the network goes to a closed loopback port instead of the internet.
    Object.assign(env, { HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '' });
    const { stderr } = await promisify(execFile)(
      cdk,
      ['synth', '--no-notices', '--no-version-reporting', '--lookups=false', '-q', '-o', outDir, '-c', `bundleDir=${fixture.bundleDir}`, '-c', `pagesDir=${fixture.pagesDir}`, '-c', `doorbells=${fixture.doorbellsFile}`],
      { cwd: here, env, timeout: 110_000 },
    );
    expect(stderr).not.toMatch(/not compatible|schema version mismatch/i);
    const template = JSON.parse(await readFile(path.join(outDir, `${DEFAULT_STACK_NAME}.template.json`), 'utf8'));
    expect(template.Parameters.SkillId.AllowedPattern).toBeDefined();
    expect(Object.values(template.Resources).filter((r: any) => r.Type === 'AWS::KinesisVideo::SignalingChannel')).toHaveLength(1);
  }, 120_000);
});
