/**
 * Alexa.SmartVision.SnapshotProvider GetSnapshot -> Snapshot (payloadVersion 1.1): a link to the
 * doorbell's latest picture, the one taken at its latest wake event (a press or a motion start:
 * a doorbell's snapshots are event-driven, so preferOnDemandSnapshot is not honoured). The link
 * is the skill's own snapshot route on the access API's function URL, not a presigned S3 URL:
 * Alexa GETs it with its Bearer token, which the route checks (snapshots/serve.ts). A random id,
 * stored only as its hash with the doorbell, the key and the expiry (SNAPSHOT_LINK_TTL_S, Amazon's
 * recommended 10 minutes).
 */
import type { RequestHandler } from 'ask-sdk-runtime';
import { newSecret, hashSecret } from '../../contracts/secrets.js';
import { EVENT_RETENTION_DAYS, SNAPSHOT_LINK_TTL_S, snapshotLinkPath } from '../../contracts/snapshots.js';
import { authorizeEndpoint, parseWith, type DirectiveInput } from '../alexa/directive.js';
import { AlexaError } from '../alexa/errors.js';
import { eventResponse, isoSeconds, type AlexaResponse } from '../alexa/responses.js';
import { GetSnapshotPayloadSchema } from '../alexa/schema.js';

export const getSnapshotHandler: RequestHandler<DirectiveInput, AlexaResponse> = {
  canHandle: ({ header }) => header.namespace === 'Alexa.SmartVision.SnapshotProvider' && header.name === 'GetSnapshot',
  async handle(input) {
    const { runtime } = input;
    parseWith(GetSnapshotPayloadSchema, input.payload ?? {}, 'payload');
    const { doorbell, echo } = await authorizeEndpoint(input);
    const base = runtime.config.snapshots.linkBaseUrl;
    const latest = doorbell.latestSnapshot;
    if (!base) throw new AlexaError('ENDPOINT_UNREACHABLE', 'This doorbell serves no snapshots (SNAPSHOT_LINK_BASE_URL is not set).');
    if (!latest) throw new AlexaError('ENDPOINT_UNREACHABLE', 'The doorbell has no snapshot yet: one is taken at each press and motion.');
    // The bucket's lifecycle has deleted it: a link to it would answer 410, and Alexa, told by a 410
    // to ask again, would get another link to the same missing picture.
    if (latest.at < runtime.now() - EVENT_RETENTION_DAYS * 86_400_000) throw new AlexaError('ENDPOINT_UNREACHABLE', `The doorbell's latest snapshot is older than ${EVENT_RETENTION_DAYS} days and was deleted.`);
    const linkId = newSecret();
    const expiresAt = Math.floor(runtime.now() / 1000) + SNAPSHOT_LINK_TTL_S;
    await runtime.snapshotLinks.put({ linkHash: await hashSecret(linkId), endpointId: doorbell.endpointId, snapshotKey: latest.key, expiresAt });
    return eventResponse('Alexa.SmartVision.SnapshotProvider', 'Snapshot', echo, { uri: { value: `${base}${snapshotLinkPath(linkId)}`, expireTime: isoSeconds(expiresAt * 1000) } }, '1.1');
  },
};
