/**
 * Alexa calls a smart-home skill's Lambda in the AWS region that serves the user's Alexa region;
 * these three are the only ones. The stack refuses others and the manifest maps each to its key.
 */
import type { AlexaRegion } from '../../lambda/config.js';

export const ALEXA_REGION_OF_AWS_REGION: Readonly<Record<string, AlexaRegion>> = {
  'us-east-1': 'NA',
  'eu-west-1': 'EU',
  'us-west-2': 'FE',
};

export const ALEXA_AWS_REGIONS = Object.keys(ALEXA_REGION_OF_AWS_REGION);
