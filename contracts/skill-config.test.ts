import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSkillSetting, readSkillSettings, SKILL_VARIABLES, skillEnvironment, type SkillSetting } from './skill-config.js';

const variables = Object.entries(SKILL_VARIABLES) as [SkillSetting, (typeof SKILL_VARIABLES)[SkillSetting]][];

describe('the skill configuration', () => {
  it('falls back to each default, and empty counts as unset', () => {
    const empty = Object.fromEntries(variables.map(([, v]) => [v.env, '']));
    for (const env of [{}, empty]) {
      const s = readSkillSettings(env);
      expect([s.answerDeadlineMs, s.pressDebounceMs, s.cameraOfflineAfterMs]).toEqual([4000, 5000, 60_000]);
      expect([s.usersTable, s.lwaBaseUrl, s.awsRegion, s.logLevel]).toEqual(['doorbell-users', 'https://api.amazon.com', 'us-east-1', 'INFO']);
      expect([s.eventGatewayUrl, s.cameraRoleArn, s.dynamodbEndpoint, s.stsEndpoint]).toEqual([undefined, undefined, undefined, undefined]);
      expect([s.devicesTable, s.setupTable, s.setupClientId]).toEqual(['doorbell-devices', 'doorbell-setup', '']);
    }
  });

  it('reads fallbacks, drops the trailing slashes of URLs and refuses limits that are not whole numbers of at least 1', () => {
    expect(readSkillSetting({ AWS_DEFAULT_REGION: 'eu-west-1' }, 'awsRegion')).toBe('eu-west-1');
    expect(readSkillSetting({ AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'eu-west-1' }, 'awsRegion')).toBe('us-west-2');
    expect(readSkillSetting({ AWS_ENDPOINT_URL: 'http://127.0.0.1:1' }, 'kinesisVideoEndpoint')).toBe('http://127.0.0.1:1');
    expect(readSkillSetting({ AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:2' }, 'stsEndpoint')).toBe('http://127.0.0.1:2');
    expect(readSkillSetting({ ALEXA_EVENT_GATEWAY_URL: 'http://127.0.0.1:8080//' }, 'eventGatewayUrl')).toBe('http://127.0.0.1:8080');
    for (const bad of ['soon', '-1', '0', '2.5']) expect(() => readSkillSetting({ PRESS_DEBOUNCE_MS: bad }, 'pressDebounceMs')).toThrow(/PRESS_DEBOUNCE_MS must be a positive integer/);
  });

  it('is written as the environment it is read from', () => {
    const camera = 'arn:aws:iam::000000000000:role/doorbell-camera';
    const written = skillEnvironment({ answerDeadlineMs: 2500, lwaBaseUrl: 'http://127.0.0.1:9', cameraRoleArn: camera, eventGatewayUrl: undefined });
    expect(written).toEqual({ ANSWER_DEADLINE_MS: '2500', LWA_BASE_URL: 'http://127.0.0.1:9', CAMERA_ROLE_ARN: camera });
    expect(readSkillSettings(written)).toMatchObject({ answerDeadlineMs: 2500, lwaBaseUrl: 'http://127.0.0.1:9', cameraRoleArn: camera });
  });

  it('is listed, every variable with its default, in the one table of lambda/README.md', () => {
    const readme = readFileSync(new URL('../lambda/README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration (environment)'));
    const rows = section.slice(0, section.indexOf('\n## ')).split('\n').filter((l) => l.startsWith('| `'));
    for (const [key, v] of variables) {
      const row = rows.find((r) => r.split('|')[1]!.includes(`\`${v.env}\``));
      expect(row, `${v.env} (${key}) has no row`).toBeDefined();
      if ('fallback' in v) expect(row!.split('|')[1], `${v.env}'s row names its fallback`).toContain(`\`${v.fallback}\``);
      if ('default' in v && v.default !== '') expect(row!.split('|')[2], `${v.env}'s row gives its default`).toContain(`\`${v.default}\``);
    }
  });
});
