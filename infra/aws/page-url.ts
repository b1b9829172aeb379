/**
 * Building a page link for AWS: the PageConfig (camera/config.ts) from the stack outputs and the
 * role's temporary credentials, base64url-encoded into the URL fragment. A fragment is never sent
 * to a server, so the credentials stay between this command, the person and the browser.
 */
import type { PageConfig, TemporaryCredentials } from '../../camera/config.js';
import type { PageRole } from '../../camera/page-config.js';
import type { DoorbellOutput, StackOutputs } from './stack-outputs.js';

/** The page each role opens, relative to the page origin (dist/camera/ served as its root). */
export const PAGE_PATHS: Record<PageRole, string> = {
  camera: '/camera.html',
  viewer: '/viewer.html',
  doorbell: '/doorbell.html',
};

/** The camera and the doorbell button are the doorbell device; the viewer only watches. */
export function roleArnFor(outputs: StackOutputs, role: PageRole): string {
  return role === 'viewer' ? outputs.viewerRoleArn : outputs.cameraRoleArn;
}

export function findDoorbell(outputs: StackOutputs, endpointId: string): DoorbellOutput {
  const doorbell = outputs.doorbells.find((d) => d.endpointId === endpointId);
  if (!doorbell) {
    const known = outputs.doorbells.map((d) => d.endpointId).join(', ');
    throw new Error(`No doorbell "${endpointId}" in the stack (it has: ${known || 'none'})`);
  }
  return doorbell;
}

export function buildPageConfig(outputs: StackOutputs, endpointId: string, credentials: TemporaryCredentials): PageConfig {
  const doorbell = findDoorbell(outputs, endpointId);
  return {
    endpointId: doorbell.endpointId,
    name: doorbell.name,
    region: outputs.region,
    channelName: doorbell.channelName,
    channelArn: doorbell.channelArn,
    deviceApiUrl: outputs.deviceApiUrl,
    // Function URLs are signed as the `lambda` service in the function's region.
    deviceApiSigning: { region: outputs.region, service: 'lambda' },
    credentials,
  };
}

export function encodePageConfig(config: PageConfig): string {
  return Buffer.from(JSON.stringify(config), 'utf8').toString('base64url');
}

export function pageUrl(pageOrigin: string, role: PageRole, config: PageConfig): string {
  const url = new URL(PAGE_PATHS[role], pageOrigin);
  url.hash = `config=${encodePageConfig(config)}`;
  return url.toString();
}
