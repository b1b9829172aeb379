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
  new App({ outdir: fixture.outDir, context: { bundleDir: fixture.bundleDir, pagesDir: fixture.pagesDir, doorbells: fixture.doorbellsFile, ...context } });

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

  it('serves the pages under a custom domain too when given one with its certificate, and prints links for it', () => {
    const certificateArn = 'arn:aws:acm:us-east-1:000000000000:certificate/12345678-90ab-cdef-1234-567890abcdef';
    const json = Template.fromStack(defineDoorbellApp(appWith({ pagesDomainNames: 'Doorbell.Example.net', pagesCertificateArn: certificateArn }))).toJSON() as Json;
    const [distribution] = Object.values(json.Resources as Json).filter((r) => r.Type === 'AWS::CloudFront::Distribution');
    expect(distribution.Properties.DistributionConfig.Aliases).toEqual(['doorbell.example.net']);
    expect(distribution.Properties.DistributionConfig.ViewerCertificate).toMatchObject({ AcmCertificateArn: certificateArn, SslSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' });
    expect(json.Outputs.PageOrigin.Value).toBe('https://doorbell.example.net');
    // Both APIs' CORS: the custom origin and CloudFront's own.
    const cors = Object.values(json.Resources as Json).filter((r) => r.Type === 'Custom::AWS' && JSON.stringify(r.Properties.Create).includes('updateFunctionUrlConfig'));
    expect(cors).toHaveLength(2);
    const distributionId = Object.keys(json.Resources).find((id) => json.Resources[id].Type === 'AWS::CloudFront::Distribution');
    for (const call of cors) {
      const parts: unknown[] = call.Properties.Create['Fn::Join'][1];
      const at = parts.findIndex((p) => typeof p === 'string' && p.endsWith('"AllowOrigins":["https://doorbell.example.net","https://'));
      expect(at, JSON.stringify(parts)).toBeGreaterThan(-1);
      expect(parts[at + 1]).toEqual({ 'Fn::GetAtt': [distributionId, 'DomainName'] });
    }
  });

  it('refuses a custom domain without its certificate, a certificate outside us-east-1, or a name that is no host name', () => {
    const certificateArn = 'arn:aws:acm:us-east-1:000000000000:certificate/12345678-90ab-cdef-1234-567890abcdef';
    expect(() => defineDoorbellApp(appWith({ pagesDomainNames: 'doorbell.example.net' }))).toThrow(/go together/);
    expect(() => defineDoorbellApp(appWith({ pagesCertificateArn: certificateArn }))).toThrow(/go together/);
    expect(() => defineDoorbellApp(appWith({ pagesDomainNames: 'doorbell.example.net', pagesCertificateArn: certificateArn.replace('us-east-1', 'eu-west-1') }))).toThrow(/us-east-1/);
    expect(() => defineDoorbellApp(appWith({ pagesDomainNames: 'https://doorbell.example.net', pagesCertificateArn: certificateArn }))).toThrow(/not a host name/);
  });

  it('refuses to synthesise without the built pages, and says how to build them', () => {
    expect(() => defineDoorbellApp(appWith({ pagesDir: `${fixture.pagesDir}-missing` }))).toThrow(/scripts\/build\.mjs pages/);
  });

  it('refuses page origins that are not origins', () => {
    expect(() => defineDoorbellApp(appWith({ pageOrigins: 'https://example.net/camera.html' }))).toThrow(/not an origin/);
  });
});
