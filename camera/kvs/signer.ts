import { SigV4RequestSigner, type RequestSigner } from 'amazon-kinesis-video-streams-webrtc';
import type { PageConfig } from '../../contracts/page-config.js';
import { awsCredentials } from './channel.js';
import { LocalRequestSigner } from './local-request-signer.js';

/**
 * The SDK's own SigV4 signer for AWS (wss://), which refuses plain ws://; the local presigner
 * only for the emulator's ws:// endpoint.
 */
export function signerFor(endpoint: string, config: PageConfig): RequestSigner {
  const credentials = awsCredentials(config);
  return endpoint.startsWith('ws://') ? new LocalRequestSigner(config.region, credentials) : new SigV4RequestSigner(config.region, credentials);
}
