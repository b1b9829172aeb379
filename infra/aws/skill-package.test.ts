import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALEXA_REGIONS } from '../../contracts/alexa/regions.js';
import { LWA_AUTHORIZE_URL } from './amazon-ids.js';
import { loadDoorbells } from './doorbells-config.js';
import { coverageOf, fillPlaceholders, fillSkillPackage, readTemplates, runFillSkillPackage } from './fill-skill-package.js';
import { accountLinkingSchema, ASYNC_EVENT_PERMISSION, skillManifestSchema } from './skill-manifest-schema.js';
import { localesOf, SKILL_COUNTRIES, SKILL_LOCALES, wakeWordOf } from './skill-locales.js';
import { DEFAULT_STACK_NAME, outputsFromDescribeStacks } from './stack-outputs.js';
import { DESCRIBED } from './testing/described-outputs.js';

const outputs = outputsFromDescribeStacks(DESCRIBED);
const templates = await readTemplates();

describe('skill package', () => {
  it('is not deployable as committed: its endpoint and client id are placeholders', () => {
    expect(skillManifestSchema.safeParse(templates.manifest).success).toBe(false);
    expect(accountLinkingSchema.safeParse(templates.accountLinking).success).toBe(false);
  });

  it("takes the skill Lambda's ARN from the stack outputs as the smart-home endpoint, default and for its Alexa region", () => {
    const { manifest } = fillSkillPackage(templates, outputs);
    const smartHome = manifest.manifest.apis.smartHome;
    expect(smartHome.endpoint.uri).toBe(outputs.skillFunctionArn);
    expect(smartHome.regions).toEqual({ EU: { endpoint: { uri: outputs.skillFunctionArn } } }); // eu-west-1 serves Europe
    expect(smartHome.protocolVersion).toBe('3');
  });

  it('asks for the permission to send Alexa events (doorbell presses)', () => {
    const { manifest } = fillSkillPackage(templates, outputs);
    expect(manifest.manifest.permissions).toContainEqual({ name: ASYNC_EVENT_PERMISSION });
  });

  it("links accounts with Login with Amazon using the security profile's client id from the outputs, and no secret", () => {
    const { accountLinking } = fillSkillPackage(templates, outputs);
    expect(accountLinking.accountLinkingRequest).toMatchObject({
      type: 'AUTH_CODE',
      authorizationUrl: 'https://www.amazon.com/ap/oa',
      accessTokenUrl: 'https://api.amazon.com/auth/o2/token',
      clientId: outputs.linkingClientId,
      scopes: ['profile'],
    });
    expect(accountLinking.accountLinkingRequest.clientId).not.toBe(outputs.lwaClientId);
    // The setup page signs in at the same place, with the same security profile (its site config).
    expect(accountLinking.accountLinkingRequest.authorizationUrl).toBe(LWA_AUTHORIZE_URL);
    expect(JSON.stringify(accountLinking)).not.toMatch(/clientSecret/);
  });

  it('writes an ASK CLI project that updates the existing skill, from the outputs file npm run deploy leaves', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'skill-project-'));
    try {
      // The shape `cdk deploy --outputs-file` writes: outputs by stack name.
      const outputsFile = path.join(dir, 'stack-outputs.json');
      await writeFile(outputsFile, JSON.stringify({ [DEFAULT_STACK_NAME]: Object.fromEntries(DESCRIBED.map((o) => [o.OutputKey, o.OutputValue])) }));
      const outDir = path.join(dir, 'skill');
      await runFillSkillPackage(['--outputs-file', outputsFile, '--out-dir', outDir]);
      const read = async (file: string) => JSON.parse(await readFile(path.join(outDir, file), 'utf8'));
      expect((await read('.ask/ask-states.json')).profiles.default.skillId).toBe(outputs.skillId);
      expect((await read('ask-resources.json')).profiles.default.skillMetadata.src).toBe('./skill-package');
      expect((await read('skill-package/skill.json')).manifest.apis.smartHome.endpoint.uri).toBe(outputs.skillFunctionArn);
      expect((await read('accountLinking.json')).accountLinkingRequest.clientId).toBe(outputs.linkingClientId);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses an outputs file without this stack', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'skill-project-'));
    try {
      const outputsFile = path.join(dir, 'stack-outputs.json');
      await writeFile(outputsFile, JSON.stringify({ OtherStack: {} }));
      await expect(runFillSkillPackage(['--outputs-file', outputsFile, '--out-dir', dir])).rejects.toThrow(/no outputs of stack AlexaVideoDoorbell/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails on a placeholder that names no stack output', () => {
    expect(() => fillPlaceholders({ uri: '{{NoSuchOutput}}' }, {})).toThrow(/NoSuchOutput/);
  });
});

describe('locales and countries', () => {
  const filled = () => fillSkillPackage(templates, outputs).manifest.manifest.publishingInformation;

  it("lists every smart-home language Amazon offers, in the filled package too", () => {
    expect(Object.keys(filled().locales).sort()).toEqual(Object.keys(SKILL_LOCALES).sort());
    expect(Object.keys(SKILL_LOCALES)).toHaveLength(17);
  });

  it('is offered in every country the three Alexa regions serve', () => {
    const publishing = filled();
    expect(publishing.isAvailableWorldwide).toBe(false);
    expect([...(publishing.distributionCountries ?? [])].sort()).toEqual(Object.keys(SKILL_COUNTRIES).sort());
  });

  it("maps each locale to the Alexa region that serves the locale's country, and leaves no region without a locale", () => {
    for (const [locale, region] of Object.entries(SKILL_LOCALES)) {
      const country = locale.split('-')[1]! as keyof typeof SKILL_COUNTRIES;
      expect(SKILL_COUNTRIES[country], locale).toBe(region);
    }
    for (const region of ALEXA_REGIONS) expect(localesOf(region).length, region).toBeGreaterThan(0);
    expect(SKILL_LOCALES['en-IN']).toBe('EU'); // "Europe and India"
    expect(SKILL_LOCALES['en-AU']).toBe('FE'); // "Far East and Australia"
  });

  it('gives each locale up to three example phrases in its language, starting with its wake word', () => {
    for (const [locale, info] of Object.entries(filled().locales)) {
      expect(info.examplePhrases.length, locale).toBeLessThanOrEqual(3);
      for (const phrase of info.examplePhrases) expect(phrase.startsWith(wakeWordOf(locale)), `${locale}: ${phrase}`).toBe(true);
    }
    // Each language its own words, not the English ones copied.
    expect(filled().locales['de-DE']!.examplePhrases).not.toEqual(filled().locales['en-US']!.examplePhrases);
  });

  it('says in English what works with the example doorbell as written', () => {
    const [example] = loadDoorbells(new URL('./doorbells.json', import.meta.url).pathname);
    for (const locale of ['en-US', 'en-GB', 'en-IN', 'en-CA', 'en-AU']) {
      expect(filled().locales[locale]!.examplePhrases[0]).toBe(`Alexa, show me the ${example!.name.toLowerCase()}`);
    }
  });

  it("says which locales the stack's Lambda serves and where the others need a stack", () => {
    const note = coverageOf('eu-west-1');
    expect(note).toMatch(/^serves en-GB, en-IN, hi-IN, de-DE, fr-FR, it-IT, es-ES, nl-NL, ar-SA \(Alexa region EU\)/);
    expect(note).toContain('need a stack in us-east-1 (NA)');
    expect(note).toContain('en-AU, ja-JP need a stack in us-west-2 (FE)');
  });
});

describe('manifest rules', () => {
  const valid = () => fillSkillPackage(templates, outputs).manifest;
  const failsWith = (mutate: (m: any) => void, message: RegExp) => {
    const manifest = structuredClone(valid()) as any;
    mutate(manifest.manifest);
    const result = skillManifestSchema.safeParse(manifest);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(message);
  };

  it('rejects a Lambda in a region Alexa does not call', () => {
    failsWith((m) => (m.apis.smartHome.endpoint.uri = 'arn:aws:lambda:eu-central-1:000000000000:function:Skill'), /the Lambda must be in/);
  });

  it('rejects a regional endpoint in the wrong region', () => {
    failsWith((m) => (m.apis.smartHome.regions = { NA: { endpoint: { uri: outputs.skillFunctionArn } } }), /NA endpoint must be a Lambda in that region/);
  });

  it('rejects an endpoint that is not a Lambda ARN', () => {
    failsWith((m) => (m.apis.smartHome.endpoint.uri = 'https://example.net/alexa'), /Lambda function ARN/);
  });

  it('rejects a manifest without the Alexa events permission', () => {
    failsWith((m) => (m.permissions = []), /alexa::async_event:write/);
  });

  it('rejects another protocol version, too many example phrases, and a missing distribution list', () => {
    failsWith((m) => (m.apis.smartHome.protocolVersion = '2'), /protocolVersion/);
    failsWith((m) => (m.publishingInformation.locales['en-US'].examplePhrases = ['Alexa, a', 'Alexa, b', 'Alexa, c', 'Alexa, d']), /examplePhrases/);
    failsWith((m) => delete m.publishingInformation.distributionCountries, /distributionCountries/);
  });

  it('rejects an example phrase without the wake word of its language', () => {
    failsWith((m) => (m.publishingInformation.locales['de-DE'].examplePhrases = ['zeige die Türklingel']), /example phrases in de-DE start with/);
    failsWith((m) => (m.publishingInformation.locales['ja-JP'].examplePhrases = ['Alexa, ドアベルを見せて']), /example phrases in ja-JP start with .{1,3}アレクサ、/);
  });

  it('rejects an account-linking request that carries a client secret', () => {
    const { accountLinking } = fillSkillPackage(templates, outputs);
    const withSecret = { accountLinkingRequest: { ...accountLinking.accountLinkingRequest, clientSecret: 'x' } };
    expect(accountLinkingSchema.safeParse(withSecret).success).toBe(false);
  });
});
