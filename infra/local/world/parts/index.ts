/**
 * Every part of the local world, in the order the world starts them (and stops them in reverse):
 * a part comes after the parts it needs or uses. The web server comes first so that /health
 * answers (503) from the start; the rest follow their port order (ports.ts).
 */
import type { Part, PartName } from '../types.js';
import { alexaPart } from './alexa.js';
import { deviceApiPart } from './device-api.js';
import { doorbellsPart } from './doorbells.js';
import { dynamodbPart } from './dynamodb.js';
import { gatewayPart } from './gateway.js';
import { kvsPart } from './kvs.js';
import { lambdaPart } from './lambda.js';
import { lwaPart } from './lwa.js';
import { pageCredentialsPart } from './page-credentials.js';
import { webPart } from './web.js';

export const PARTS: { readonly [N in PartName]: Part<N, PartName, PartName> } = {
  web: webPart,
  kvs: kvsPart,
  dynamodb: dynamodbPart,
  doorbells: doorbellsPart,
  lwa: lwaPart,
  gateway: gatewayPart,
  pageCredentials: pageCredentialsPart,
  lambda: lambdaPart,
  deviceApi: deviceApiPart,
  alexa: alexaPart,
};

export const START_ORDER = Object.keys(PARTS) as PartName[];
