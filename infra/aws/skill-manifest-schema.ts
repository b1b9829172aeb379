/**
 * The parts of the Alexa skill manifest and account-linking request that the ASK CLI / SMAPI
 * check for a smart-home skill, as zod schemas. Validating the generated package here catches
 * what `ask deploy` would otherwise refuse (or, worse, accept and break at run time: a Lambda in
 * a region Alexa does not call, a missing event permission).
 */
import { z } from 'zod';
import { ALEXA_AWS_REGIONS, ALEXA_REGION_OF_AWS_REGION } from '../../contracts/alexa/regions.js';
import { LWA_CLIENT_ID_PATTERN } from './amazon-ids.js';
import { wakeWordOf } from './skill-locales.js';

const LAMBDA_ARN = /^arn:aws:lambda:([a-z0-9-]+):(\d{12}):function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?$/;
const LOCALE = /^[a-z]{2}-[A-Z]{2}$/;
const COUNTRY = /^[A-Z]{2}$/;
const LWA_CLIENT_ID = new RegExp(LWA_CLIENT_ID_PATTERN);

export const ASYNC_EVENT_PERMISSION = 'alexa::async_event:write';

function lambdaRegion(arn: string): string | undefined {
  return LAMBDA_ARN.exec(arn)?.[1];
}

const lambdaEndpoint = z
  .object({ uri: z.string().regex(LAMBDA_ARN, 'a smart-home endpoint must be a Lambda function ARN') })
  .strict()
  .refine((e) => lambdaRegion(e.uri)! in ALEXA_REGION_OF_AWS_REGION, {
    message: `the Lambda must be in ${ALEXA_AWS_REGIONS.join(', ')}`,
  });

const localeInfo = z
  .object({
    name: z.string().min(2).max(50),
    summary: z.string().min(1).max(160),
    description: z.string().min(1).max(4000),
    // Smart-home example phrases are what a person says to Alexa: at most three, each starting
    // with the wake word of its language (checked per locale below).
    examplePhrases: z.array(z.string().min(1).max(200)).min(1).max(3),
    keywords: z.array(z.string().min(1).max(150)).max(30).optional(),
    smallIconUri: z.url({ protocol: /^https$/ }).optional(),
    largeIconUri: z.url({ protocol: /^https$/ }).optional(),
  })
  .strict();

export const skillManifestSchema = z
  .object({
    manifest: z
      .object({
        manifestVersion: z.literal('1.0'),
        publishingInformation: z
          .object({
            locales: z
              .record(z.string().regex(LOCALE), localeInfo)
              .refine((l) => Object.keys(l).length > 0, 'at least one locale')
              .superRefine((locales, ctx) => {
                for (const [locale, info] of Object.entries(locales)) {
                  const wakeWord = wakeWordOf(locale);
                  for (const [i, phrase] of info.examplePhrases.entries()) {
                    if (!phrase.startsWith(wakeWord) || phrase.length === wakeWord.length) {
                      ctx.addIssue({ code: 'custom', path: [locale, 'examplePhrases', i], message: `example phrases in ${locale} start with "${wakeWord}"` });
                    }
                  }
                }
              }),
            isAvailableWorldwide: z.boolean(),
            distributionCountries: z.array(z.string().regex(COUNTRY)).optional(),
            testingInstructions: z.string().min(1).max(4000),
            category: z.enum(['SMART_HOME', 'SMART_HOME_CAMERA', 'SMART_HOME_SECURITY']),
          })
          .strict()
          .refine((p) => p.isAvailableWorldwide || (p.distributionCountries?.length ?? 0) > 0, {
            message: 'distributionCountries is required when the skill is not available worldwide',
          }),
        apis: z
          .object({
            smartHome: z
              .object({
                endpoint: lambdaEndpoint,
                protocolVersion: z.literal('3'),
                regions: z.partialRecord(z.enum(['NA', 'EU', 'FE']), z.object({ endpoint: lambdaEndpoint }).strict()).optional(),
              })
              .strict()
              .superRefine((api, ctx) => {
                for (const [region, { endpoint }] of Object.entries(api.regions ?? {})) {
                  if (ALEXA_REGION_OF_AWS_REGION[lambdaRegion(endpoint.uri)!] !== region) {
                    ctx.addIssue({ code: 'custom', path: ['regions', region], message: `the ${region} endpoint must be a Lambda in that region` });
                  }
                }
              }),
          })
          .strict(),
        permissions: z
          .array(z.object({ name: z.string() }).strict())
          .refine((p) => p.some((x) => x.name === ASYNC_EVENT_PERMISSION), {
            message: `permissions must include ${ASYNC_EVENT_PERMISSION} (doorbell presses are Alexa events)`,
          }),
        privacyAndCompliance: z
          .object({
            allowsPurchases: z.boolean(),
            usesPersonalInfo: z.boolean(),
            isChildDirected: z.boolean(),
            isExportCompliant: z.boolean(),
            containsAds: z.boolean(),
            locales: z
              .record(z.string().regex(LOCALE), z.object({ privacyPolicyUrl: z.url().optional(), termsOfUseUrl: z.url().optional() }).strict())
              .optional(),
          })
          .strict(),
      })
      .strict(),
  })
  .strict();

/**
 * What `ask smapi update-account-linking-info --account-linking-request` takes. The package
 * carries no clientSecret: it is added only on the way to the command (README), never written.
 */
export const accountLinkingSchema = z
  .object({
    accountLinkingRequest: z
      .object({
        type: z.literal('AUTH_CODE'), // the only grant smart-home skills may use
        authorizationUrl: z.url({ protocol: /^https$/ }),
        accessTokenUrl: z.url({ protocol: /^https$/ }),
        accessTokenScheme: z.enum(['HTTP_BASIC', 'REQUEST_BODY_CREDENTIALS']),
        clientId: z.string().regex(LWA_CLIENT_ID, 'clientId must be an LWA client id (amzn1.application-oa2-client.…)'),
        scopes: z.array(z.string().min(1)).min(1).max(15),
        domains: z.array(z.string()).max(15),
        skipOnEnablement: z.boolean().optional(),
        defaultTokenExpirationInSeconds: z.number().int().positive().optional(),
      })
      .strict(),
  })
  .strict();

export type SkillManifest = z.infer<typeof skillManifestSchema>;
export type AccountLinking = z.infer<typeof accountLinkingSchema>;
