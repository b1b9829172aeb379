/**
 * Alexa's three regions: which AWS region's Lambda Alexa calls for each, which event gateway takes
 * a user's events, and how the skill tells its Alexa region from the region it runs in.
 */
export const ALEXA_REGIONS = ['NA', 'EU', 'FE'] as const;
export type AlexaRegion = (typeof ALEXA_REGIONS)[number];

/** Where a user's events go, by the Alexa region of their account. */
export const EVENT_GATEWAY_BY_REGION: Readonly<Record<AlexaRegion, string>> = {
  NA: 'https://api.amazonalexa.com',
  EU: 'https://api.eu.amazonalexa.com',
  FE: 'https://api.fe.amazonalexa.com',
};

/**
 * Alexa calls a smart-home skill's Lambda in the AWS region that serves the user's Alexa region;
 * these three are the only ones. The stack refuses others and the manifest maps each to its key.
 */
export const ALEXA_REGION_OF_AWS_REGION: Readonly<Record<string, AlexaRegion>> = {
  'us-east-1': 'NA',
  'eu-west-1': 'EU',
  'us-west-2': 'FE',
};

export const ALEXA_AWS_REGIONS = Object.keys(ALEXA_REGION_OF_AWS_REGION);

/** The Alexa region a Lambda running in `awsRegion` serves (regions Alexa does not call map by continent). */
export function alexaRegionOf(awsRegion: string): AlexaRegion {
  if (awsRegion.startsWith('eu-')) return 'EU';
  if (awsRegion === 'us-west-2' || awsRegion.startsWith('ap-')) return 'FE';
  return 'NA';
}
