import { SigV4RequestSigner, type RequestSigner } from 'amazon-kinesis-video-streams-webrtc';
import { resolveCredentials, type CredentialSource } from '../access/doorbell-access.js';
import { LocalRequestSigner } from './local-request-signer.js';

/**
 * The signer for a signaling endpoint: the SDK's own SigV4 signer for AWS (wss://), which refuses
 * plain ws://, and the local presigner only for the emulator's ws:// endpoint. The credentials are
 * asked for when the URL is signed, at each connect, so a reconnect after a renewal signs with the
 * new ones while the connection already open is left alone.
 */
export function signerFor(endpoint: string, access: { region: string; credentials: CredentialSource }): RequestSigner {
  return {
    async getSignedURL(signalingEndpoint, queryParams, date) {
      const { accessKeyId, secretAccessKey, sessionToken } = await resolveCredentials(access.credentials);
      const credentials = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
      const signer = endpoint.startsWith('ws://') ? new LocalRequestSigner(access.region, credentials) : new SigV4RequestSigner(access.region, credentials);
      return signer.getSignedURL(signalingEndpoint, queryParams, date);
    },
  };
}
