/**
 * Building a page link for AWS: the PageConfig (contracts/page-config.ts) from the stack outputs and
 * the role's temporary credentials, base64url-encoded into the URL fragment. A fragment is never
 * sent to a server, so the credentials stay between this command, the person and the browser.
 */
import { buildPageConfig, encodePageConfig, type PageConfig, type TemporaryCredentials } from '../../contracts/page-config.js';
import { PAGE_FILES, type PageRole } from '../../contracts/page-roles.js';
import type { DoorbellOutput, StackOutputs } from './stack-outputs.js';

/** Each page role has its own IAM role. */
export function roleArnFor(outputs: StackOutputs, role: PageRole): string {
  return { camera: outputs.cameraRoleArn, button: outputs.buttonRoleArn, viewer: outputs.viewerRoleArn }[role];
}

export function findDoorbell(outputs: StackOutputs, endpointId: string): DoorbellOutput {
  const doorbell = outputs.doorbells.find((d) => d.endpointId === endpointId);
  if (!doorbell) {
    const known = outputs.doorbells.map((d) => d.endpointId).join(', ');
    throw new Error(`No doorbell "${endpointId}" in the stack (it has: ${known || 'none'})`);
  }
  return doorbell;
}

export function pageConfigFromOutputs(outputs: StackOutputs, endpointId: string, credentials: TemporaryCredentials): PageConfig {
  return buildPageConfig({ doorbell: findDoorbell(outputs, endpointId), region: outputs.region, deviceApiUrl: outputs.deviceApiUrl, credentials });
}

export function pageUrl(pageOrigin: string, role: PageRole, config: PageConfig): string {
  // dist/camera/ is served as the page origin's root.
  const url = new URL(`/${PAGE_FILES[role]}`, pageOrigin);
  url.hash = `config=${encodePageConfig(config)}`;
  return url.toString();
}
