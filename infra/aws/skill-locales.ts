/**
 * Where the skill is offered: every language Amazon lists for smart-home skills, the Alexa
 * region that serves each, and the countries the three Alexa regions serve. The skill package
 * (skill-package/skill.json) lists exactly these; skill-package.test.ts holds it to them.
 *
 * From Amazon's developer documentation:
 * - the languages: "Develop Smart Home Skills for Multiple Languages" (17 languages);
 * - the Alexa region (and so the AWS region of the Lambda) per language: the same page's
 *   "Deploy your Lambda function to multiple regions" table (English (IN), Hindi (IN) and
 *   Arabic (SA) are served from Europe, eu-west-1; English (AU) and Japanese from the Far East,
 *   us-west-2), and "Send Events" ("Europe and India", "Far East and Australia");
 * - the countries: the skill store's locale table (Australia with New Zealand, Germany with
 *   Austria, the United Kingdom with Ireland) and the countries Alexa supports (Saudi Arabia and
 *   the United Arab Emirates for Arabic).
 */
import type { AlexaRegion } from '../../contracts/alexa/regions.js';

export const SKILL_LOCALES = {
  'en-US': 'NA',
  'en-CA': 'NA',
  'fr-CA': 'NA',
  'es-US': 'NA',
  'es-MX': 'NA',
  'pt-BR': 'NA',
  'en-GB': 'EU',
  'en-IN': 'EU',
  'hi-IN': 'EU',
  'de-DE': 'EU',
  'fr-FR': 'EU',
  'it-IT': 'EU',
  'es-ES': 'EU',
  'nl-NL': 'EU',
  'ar-SA': 'EU',
  'en-AU': 'FE',
  'ja-JP': 'FE',
} as const satisfies Record<string, AlexaRegion>;

export type SkillLocale = keyof typeof SKILL_LOCALES;

/** ISO 3166-1 alpha-2 codes, as the manifest's distributionCountries takes them. */
export const SKILL_COUNTRIES = {
  US: 'NA',
  CA: 'NA',
  MX: 'NA',
  BR: 'NA',
  GB: 'EU',
  IE: 'EU',
  IN: 'EU',
  DE: 'EU',
  AT: 'EU',
  FR: 'EU',
  IT: 'EU',
  ES: 'EU',
  NL: 'EU',
  SA: 'EU',
  AE: 'EU',
  AU: 'FE',
  NZ: 'FE',
  JP: 'FE',
} as const satisfies Record<string, AlexaRegion>;

/**
 * How an example phrase starts: with the wake word as the skill store writes it in that
 * language (Amazon's own utterance lists write "Alexa, " in every language but Japanese).
 */
export function wakeWordOf(locale: string): string {
  return locale === 'ja-JP' ? 'アレクサ、' : 'Alexa, ';
}

export function localesOf(region: AlexaRegion): SkillLocale[] {
  return (Object.keys(SKILL_LOCALES) as SkillLocale[]).filter((locale) => SKILL_LOCALES[locale] === region);
}
