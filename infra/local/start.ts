/**
 * `npm start`: the whole doorbell on this machine (see infra/local/README.md). Builds first
 * (package.json), then starts the local world's npm start preset (infra/local/world/) with its data
 * in .local-data/, prints where everything is, and stops everything on Ctrl-C.
 *   PORT                   main web server port (default 8080; the other services use PORT+1..PORT+10)
 *   LOCAL_DATA_DIR         data directory (default .local-data)
 *   LOCAL_DIST_DIR         built artefacts (default dist; `npm start` builds them first)
 *   AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY   the local stack's credentials (default: its own pair, made on the first
 *                          start and kept in <data dir>/aws-credentials, mode 0600)
 *   LWA_ACCESS_TOKEN_TTL_SECONDS   lifetime of local LWA access tokens (default 3600; short values exercise refreshes)
 *   PAGE_CREDENTIALS_TTL_SECONDS   longest life of a page's credentials from the local STS (default 900; short values exercise renewals)
 *   PAGE_CREDENTIALS_RENEW_AT      when pages renew them, a fraction of their lifetime (default the pages' 2/3; e.g. 0.25)
 *   HEALTH_CHECK_INTERVAL_MS       how often the health check runs (default 60000, AWS's schedule)
 *   ANSWER_DEADLINE_MS, PRESS_DEBOUNCE_MS, CAMERA_OFFLINE_AFTER_MS   passed to the skill unchanged (contracts/skill-config.ts)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { portFromEnv, presets, type NpmStartWorld } from './world/index.js';
import { SKILL_VARIABLES } from '../../contracts/skill-config.js';
import { installationCredentials, realKeyWarning } from './installation-credentials.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The skill's limits a developer may change for `npm start`; the skill reads (and checks) them itself. */
const PASSED_TO_SKILL = [SKILL_VARIABLES.answerDeadlineMs, SKILL_VARIABLES.pressDebounceMs, SKILL_VARIABLES.cameraOfflineAfterMs].map((v) => v.env);

function positiveIntFromEnv(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, not "${value}"`);
  return n;
}

function fractionFromEnv(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!(n > 0 && n < 1)) throw new Error(`${name} must be a fraction between 0 and 1, not "${value}"`);
  return n;
}

/** One line per service, the addresses in one column however long the longest name is. */
function serviceLines(services: Record<string, string>): string[] {
  const width = Math.max(...Object.keys(services).map((name) => name.length));
  return Object.entries(services).map(([name, url]) => `  ${name.padEnd(width)}  ${url}`);
}

function banner(world: NpmStartWorld, dataDir: string): string {
  const url = world.web.url;
  const { region, accountId, credentials } = world.account;
  const lines = [
    '',
    'Alexa video doorbell: local stack is up',
    '',
    `  Start here             ${url}/`,
    `  Echo Show (alice)      ${url}/echo-show/?user=alice`,
    `  Echo Show (bob)        ${url}/echo-show/?user=bob`,
    `  Set up a device        ${url}/camera/setup.html (sign in as alice or bob: ${[...world.doorbells.values()].map((d) => `${d.name} is ${d.ownerEmail.split('@')[0]}'s`).join(', ')})`,
    '',
    ...serviceLines(world.services),
    '',
    `  AWS region             ${region} (account ${accountId})`,
    `  AWS access key id      ${credentials.accessKeyId}`,
    // The secret itself is never printed: only where it is kept.
    `  AWS secret access key  in ${credentials.secretLocation}`,
    ...(realKeyWarning(credentials) ? [`  Warning                ${realKeyWarning(credentials)}`] : []),
    `  Skill function         ${world.lambda.functionName}`,
    ...(world.turn.available ? [] : ['  TURN server            none: coturn is not installed (sudo apt-get install coturn), so answers carry no relay candidates']),
    `  Data directory         ${dataDir}`,
    '',
    'Press Ctrl-C to stop.',
    '',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const port = portFromEnv(process.env.PORT);
  const dataDir = path.resolve(repoRoot, process.env.LOCAL_DATA_DIR ?? '.local-data');
  const distDir = process.env.LOCAL_DIST_DIR ? path.resolve(repoRoot, process.env.LOCAL_DIST_DIR) : undefined;
  const skillSettings = Object.fromEntries(PASSED_TO_SKILL.flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])));
  const world = await presets.npmStart({
    port,
    dataDir,
    ...(distDir ? { distDir } : {}),
    credentials: await installationCredentials(dataDir),
    accessTokenTtlSeconds: positiveIntFromEnv('LWA_ACCESS_TOKEN_TTL_SECONDS'),
    pageCredentialsTtlSeconds: positiveIntFromEnv('PAGE_CREDENTIALS_TTL_SECONDS'),
    pageCredentialsRenewAt: fractionFromEnv('PAGE_CREDENTIALS_RENEW_AT'),
    healthCheckIntervalMs: positiveIntFromEnv('HEALTH_CHECK_INTERVAL_MS'),
    skillSettings,
    log: (line) => console.log(`[local] ${line}`),
  });
  console.log(banner(world, dataDir));

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      console.log('Stopping already; press Ctrl-C once more to force.');
      process.exit(1);
    }
    stopping = true;
    console.log(`\n${signal}: stopping the local stack...`);
    world.close().then(
      () => {
        console.log('Stopped.');
        process.exit(0);
      },
      (err: unknown) => {
        console.error('Stopping failed:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EADDRINUSE') console.error(`A port is already in use (${e.message}). Stop the other process or start with PORT=<another port>.`);
  else console.error('The local stack failed to start:', err);
  process.exit(1);
});
