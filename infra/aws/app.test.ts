import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineDoorbellApp } from './app.js';
import { LWA_CLIENT_ID_PATTERN, SKILL_ID_PATTERN } from './amazon-ids.js';
import { synthFixture, TEST_LINKING_CLIENT_ID, TEST_LWA_CLIENT_ID, TEST_SKILL_ID, type SynthFixture } from './testing/synth-fixture.js';

type Json = Record<string, any>;

let fixture: SynthFixture;
beforeAll(() => {
  fixture = synthFixture([{ endpointId: 'front-door', name: 'Front Door', ownerEmail: 'alice@example.com' }]);
});
afterAll(() => fixture?.cleanup());

const appWith = (context: Record<string, string>) =>
  new App({ context: { bundleDir: fixture.bundleDir, doorbells: fixture.doorbellsFile, ...context } });

describe('the CDK app', () => {
  it('synthesises without a skill id or client ids, asking CloudFormation for them at deploy time', () => {
    const json = Template.fromStack(defineDoorbellApp(appWith({}))).toJSON() as Json;
    expect(json.Parameters.SkillId).toMatchObject({ Type: 'String', AllowedPattern: SKILL_ID_PATTERN });
    expect(json.Parameters.SkillId).not.toHaveProperty('Default');
    expect(json.Parameters.LwaClientId).toMatchObject({ AllowedPattern: LWA_CLIENT_ID_PATTERN });
    expect(json.Parameters.LinkingClientId).toMatchObject({ AllowedPattern: LWA_CLIENT_ID_PATTERN });
    const [permission] = Object.values(json.Resources as Json).filter((r) => r.Type === 'AWS::Lambda::Permission');
    expect(permission.Properties.EventSourceToken).toEqual({ Ref: 'SkillId' });
    expect(json.Outputs.SkillId.Value).toEqual({ Ref: 'SkillId' });
  });

  it('accepts only real-looking ids in those parameters', () => {
    expect(new RegExp(SKILL_ID_PATTERN).test(TEST_SKILL_ID)).toBe(true);
    expect(new RegExp(SKILL_ID_PATTERN).test('amzn1.ask.skill.xxx')).toBe(false);
    expect(new RegExp(LWA_CLIENT_ID_PATTERN).test(TEST_LWA_CLIENT_ID)).toBe(true);
    expect(new RegExp(LWA_CLIENT_ID_PATTERN).test(TEST_LINKING_CLIENT_ID)).toBe(true);
    expect(new RegExp(LWA_CLIENT_ID_PATTERN).test('amzn1.oa2-cs.v1.secret')).toBe(false);
  });

  it('refuses a mistyped skill id or client id given as a context value', () => {
    expect(() => defineDoorbellApp(appWith({ skillId: 'amzn1.ask.skill.typo' }))).toThrow(/skillId/);
    expect(() => defineDoorbellApp(appWith({ lwaClientId: 'my-client' }))).toThrow(/lwaClientId/);
    expect(() => defineDoorbellApp(appWith({ linkingClientId: 'amzn1.oa2-cs.v1.abc' }))).toThrow(/linkingClientId/);
  });

  it('refuses a client secret passed as a context value, which would land in the template', () => {
    expect(() => defineDoorbellApp(appWith({ lwaClientSecret: 'amzn1.oa2-cs.v1.abc' }))).toThrow(/secret/i);
  });

  it('refuses to synthesise without the skill bundle, and says how to build it', () => {
    expect(() => defineDoorbellApp(appWith({ bundleDir: `${fixture.bundleDir}-missing` }))).toThrow(/scripts\/build\.mjs lambda/);
  });

  it("reserves the access API's concurrency as asked, none with \"off\", and refuses 0 (which would stop it)", () => {
    const reserved = (context: Record<string, string>) => {
      const json = Template.fromStack(defineDoorbellApp(appWith(context))).toJSON() as Json;
      const [access] = Object.values(json.Resources as Json).filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Handler === 'index.accessHandler');
      return access.Properties.ReservedConcurrentExecutions;
    };
    expect(reserved({ accessApiConcurrency: '20' })).toBe(20);
    expect(reserved({ accessApiConcurrency: 'off' })).toBeUndefined();
    expect(() => defineDoorbellApp(appWith({ accessApiConcurrency: '0' }))).toThrow(/accessApiConcurrency/);
  });

  it('refuses page origins that are not origins', () => {
    expect(() => defineDoorbellApp(appWith({ pageOrigins: 'https://example.net/camera.html' }))).toThrow(/not an origin/);
  });
});
