/**
 * The three page roles (the same locally and in AWS) and the page each one opens. A device is
 * enrolled as one of them; its credentials are a session of that role (AWS: one IAM role per
 * page role, locally the same three role ARNs at the local STS), and the device API checks the
 * role on every route (device-api/routes.ts). No zod here: the pages import it.
 *
 * | Role   | KVS, its own channel only                        | Device API, its own doorbell only    |
 * | camera | master (ConnectAsMaster and the channel's reads)  | GET doorbell, PUT status, POST press |
 * | button | nothing at all                                    | GET doorbell, POST press             |
 * | viewer | viewer (ConnectAsViewer and the channel's reads)  | GET doorbell                         |
 */

/** camera: the KVS master (the doorbell's camera); button: the doorbell button page; viewer: a KVS viewer. */
export const PAGE_ROLES = ['camera', 'button', 'viewer'] as const;

export type PageRole = (typeof PAGE_ROLES)[number];

export function isPageRole(value: unknown): value is PageRole {
  return typeof value === 'string' && (PAGE_ROLES as readonly string[]).includes(value);
}

/** The page each role opens, in the built pages' folder (dist/camera/); the button keeps its file name. */
export const PAGE_FILES: Readonly<Record<PageRole, string>> = {
  camera: 'camera.html',
  button: 'doorbell.html',
  viewer: 'viewer.html',
};

/** The page that signs the owner in and enrolls devices (also the pages' default document in AWS). */
export const SETUP_PAGE = 'setup.html';
