/**
 * The skill bundle's entry points: one file, `dist/lambda/index.mjs`, four exports. The CDK stack
 * names them as Lambda handlers (`index.<export>`), the local world runs them by export name, and
 * the bundle's test checks that it exports exactly these.
 */
export const BUNDLE_EXPORTS = {
  /** Alexa directives (the skill). */
  skill: 'handler',
  /** The doorbell-device API (function URL, IAM auth). */
  deviceApi: 'deviceHandler',
  /** The device access API (function URL, no SigV4). */
  accessApi: 'accessHandler',
  /** The health check (every minute). */
  healthCheck: 'healthCheckHandler',
} as const;

export type BundleExport = (typeof BUNDLE_EXPORTS)[keyof typeof BUNDLE_EXPORTS];

/** The Lambda handler setting for an export of the bundle's `index.mjs`. */
export function lambdaHandler(name: BundleExport): string {
  return `index.${name}`;
}
