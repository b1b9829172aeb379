/** S3's XML error answers, as S3 words them, for the refusals the local front makes itself. */
import type { ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';

export interface S3Failure {
  status: number;
  code: string;
  message: string;
  /** Extra elements S3 adds to some errors (an expired presign's Expires and ServerTime). */
  extra?: Record<string, string>;
}

const escape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function sendS3Error(res: ServerResponse, failure: S3Failure, headers: Record<string, string> = {}): void {
  const extra = Object.entries(failure.extra ?? {})
    .map(([k, v]) => `<${k}>${escape(v)}</${k}>`)
    .join('');
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${failure.code}</Code><Message>${escape(failure.message)}</Message>${extra}<RequestId>${randomBytes(8).toString('hex').toUpperCase()}</RequestId></Error>`;
  res.writeHead(failure.status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

export const accessDenied = (message = 'Access Denied', extra?: Record<string, string>): S3Failure => ({ status: 403, code: 'AccessDenied', message, ...(extra ? { extra } : {}) });

export const SIGNATURE_DOES_NOT_MATCH: S3Failure = {
  status: 403,
  code: 'SignatureDoesNotMatch',
  message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
};

export const INVALID_ACCESS_KEY: S3Failure = { status: 403, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' };
