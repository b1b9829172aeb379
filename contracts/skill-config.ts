/**
 * The skill's configuration: every environment variable its Lambda bundle reads, with its default
 * and how it is read. lambda/config.ts reads them; the CDK stack (infra/aws/constructs/) and the
 * local world (infra/local/world/skill-env.ts, infra/local/start.ts) write them, all from these
 * definitions, so a name or a default changes here and nowhere else. What each one means, for
 * people: the table in lambda/README.md (skill-config.test.ts checks it lists every one).
 */

type Kind =
  /** Any text; empty counts as unset. */
  | 'text'
  /** A base URL; trailing slashes are dropped. */
  | 'url'
  /** A whole number of at least 1; anything else is refused. */
  | 'positiveInt';

interface Variable {
  readonly env: string;
  readonly kind: Kind;
  readonly default?: string | number;
  /** Read when `env` is unset (the AWS SDK's own fallbacks). */
  readonly fallback?: string;
}

export const SKILL_VARIABLES = {
  usersTable: { env: 'USERS_TABLE', kind: 'text', default: 'doorbell-users' },
  doorbellsTable: { env: 'DOORBELLS_TABLE', kind: 'text', default: 'doorbell-doorbells' },
  sessionsTable: { env: 'SESSIONS_TABLE', kind: 'text', default: 'doorbell-sessions' },
  devicesTable: { env: 'DEVICES_TABLE', kind: 'text', default: 'doorbell-devices' },
  setupTable: { env: 'SETUP_TABLE', kind: 'text', default: 'doorbell-setup' },
  lwaClientId: { env: 'LWA_CLIENT_ID', kind: 'text', default: '' },
  /** The secret itself (local runs); in AWS the secret stays in Secrets Manager and only its ARN is set. */
  lwaClientSecret: { env: 'LWA_CLIENT_SECRET', kind: 'text' },
  lwaClientSecretArn: { env: 'LWA_CLIENT_SECRET_ARN', kind: 'text' },
  lwaBaseUrl: { env: 'LWA_BASE_URL', kind: 'url', default: 'https://api.amazon.com' },
  /** Unset: each user's regional gateway (alexa/regions.ts). */
  eventGatewayUrl: { env: 'ALEXA_EVENT_GATEWAY_URL', kind: 'url' },
  /** The bound on InitiateSessionWithOffer; Alexa allows about 6 s. */
  answerDeadlineMs: { env: 'ANSWER_DEADLINE_MS', kind: 'positiveInt', default: 4000 },
  pressDebounceMs: { env: 'PRESS_DEBOUNCE_MS', kind: 'positiveInt', default: 5000 },
  /** Three heartbeats (HEARTBEAT_INTERVAL_MS, 20 s): with the health check every minute, Alexa hears within two minutes. */
  cameraOfflineAfterMs: { env: 'CAMERA_OFFLINE_AFTER_MS', kind: 'positiveInt', default: 60_000 },
  /**
   * The page roles (page-roles.ts): the device API tells a caller's role by the role name in its
   * ARN, the access API assumes them for devices' credentials. Unset: the device API refuses everyone.
   */
  cameraRoleArn: { env: 'CAMERA_ROLE_ARN', kind: 'text' },
  buttonRoleArn: { env: 'BUTTON_ROLE_ARN', kind: 'text' },
  viewerRoleArn: { env: 'VIEWER_ROLE_ARN', kind: 'text' },
  /** The LWA client the setup page signs in with (the security profile account linking uses; PKCE, no secret). */
  setupClientId: { env: 'SETUP_CLIENT_ID', kind: 'text', default: '' },
  logLevel: { env: 'LOG_LEVEL', kind: 'text', default: 'INFO' },
  awsRegion: { env: 'AWS_REGION', kind: 'text', fallback: 'AWS_DEFAULT_REGION', default: 'us-east-1' },
  awsAccessKeyId: { env: 'AWS_ACCESS_KEY_ID', kind: 'text' },
  awsSecretAccessKey: { env: 'AWS_SECRET_ACCESS_KEY', kind: 'text' },
  awsSessionToken: { env: 'AWS_SESSION_TOKEN', kind: 'text' },
  dynamodbEndpoint: { env: 'AWS_ENDPOINT_URL_DYNAMODB', kind: 'text', fallback: 'AWS_ENDPOINT_URL' },
  kinesisVideoEndpoint: { env: 'AWS_ENDPOINT_URL_KINESIS_VIDEO', kind: 'text', fallback: 'AWS_ENDPOINT_URL' },
  secretsManagerEndpoint: { env: 'AWS_ENDPOINT_URL_SECRETS_MANAGER', kind: 'text', fallback: 'AWS_ENDPOINT_URL' },
  stsEndpoint: { env: 'AWS_ENDPOINT_URL_STS', kind: 'text', fallback: 'AWS_ENDPOINT_URL' },
} as const satisfies Record<string, Variable>;

export type SkillSetting = keyof typeof SKILL_VARIABLES;

type ValueOf<V> = V extends { kind: 'positiveInt' } ? number : string;

/** Every setting as the skill reads it: those with a default always have a value. */
export type SkillSettings = {
  [K in SkillSetting]: (typeof SKILL_VARIABLES)[K] extends { default: unknown } ? ValueOf<(typeof SKILL_VARIABLES)[K]> : ValueOf<(typeof SKILL_VARIABLES)[K]> | undefined;
};

type Env = Readonly<Record<string, string | undefined>>;

const present = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);

/** One setting from the environment; throws when a whole number is not one. */
export function readSkillSetting<K extends SkillSetting>(env: Env, key: K): SkillSettings[K] {
  const v: Variable = SKILL_VARIABLES[key];
  const raw = present(env[v.env]) ?? (v.fallback ? present(env[v.fallback]) : undefined);
  if (raw === undefined) return v.default as SkillSettings[K];
  if (v.kind === 'url') return raw.replace(/\/+$/, '') as SkillSettings[K];
  if (v.kind === 'positiveInt') {
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${v.env} must be a positive integer`);
    return n as SkillSettings[K];
  }
  return raw as SkillSettings[K];
}

export function readSkillSettings(env: Env): SkillSettings {
  const settings = {} as Record<SkillSetting, unknown>;
  for (const key of Object.keys(SKILL_VARIABLES) as SkillSetting[]) settings[key] = readSkillSetting(env, key);
  return settings as SkillSettings;
}

/** The environment that gives the skill these settings (what the CDK stack and the local stack write). */
export function skillEnvironment(settings: Partial<{ [K in SkillSetting]: SkillSettings[K] }>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(settings)) if (value !== undefined) env[SKILL_VARIABLES[key as SkillSetting].env] = String(value);
  return env;
}
