/**
 * Every part of the local world, in the order the world starts them (and stops them in reverse):
 * a part comes after the parts it needs or uses. The web server comes first so that /health
 * answers (503) from the start, then the TURN server, which the KVS emulator hands out; the rest
 * follow their port order (ports.ts). A part's module is
 * loaded only when a world asks for it, so a world of one stand-in carries no other's code (the
 * benchmark reads the KVS emulator's own memory).
 */
import type { Part, PartName } from '../types.js';

type Loader<N extends PartName> = () => Promise<Part<N, PartName, PartName>>;

export const PARTS: { readonly [N in PartName]: Loader<N> } = {
  web: async () => (await import('./web.js')).webPart,
  turn: async () => (await import('./turn.js')).turnPart,
  kvs: async () => (await import('./kvs.js')).kvsPart,
  dynamodb: async () => (await import('./dynamodb.js')).dynamodbPart,
  doorbells: async () => (await import('./doorbells.js')).doorbellsPart,
  lwa: async () => (await import('./lwa.js')).lwaPart,
  gateway: async () => (await import('./gateway.js')).gatewayPart,
  sts: async () => (await import('./sts.js')).stsPart,
  s3: async () => (await import('./s3.js')).s3Part,
  // Before the skill's Lambda: GetSnapshot's links point at its snapshot route.
  accessApi: async () => (await import('./access-api.js')).accessApiPart,
  lambda: async () => (await import('./lambda.js')).lambdaPart,
  healthCheck: async () => (await import('./health-check.js')).healthCheckPart,
  deviceApi: async () => (await import('./device-api.js')).deviceApiPart,
  alexa: async () => (await import('./alexa.js')).alexaPart,
};

export const START_ORDER = Object.keys(PARTS) as PartName[];
