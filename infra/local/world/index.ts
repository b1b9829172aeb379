/** The local world: `startWorld(parts, settings)` and the presets of its callers (README.md). */
export { startWorld, partsToStart } from './start-world.js';
export {
  presets,
  unreachableUrl,
  type BenchOptions,
  type BenchWorld,
  type CameraTestsOptions,
  type CameraTestsWorld,
  type NpmStartOptions,
  type NpmStartWorld,
  type SkillTestsOptions,
  type SkillTestsWorld,
} from './presets.js';
export { AccessApiRefusal, callAccessApi, enrollDevice, exchangeGrant, setupLinkFor, writeLocalEnrollmentCode, type EnrolledDevice, type EnrollmentWorld } from './enrollment.js';
export { DEFAULT_PORT, PORT_OFFSETS, portFromEnv, servicePort } from './ports.js';
export type { Handles, LocalAccount, PartName, World, WorldParts, WorldSettings, WorldView } from './types.js';
