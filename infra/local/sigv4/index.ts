export { verifySigV4, signingKey, ALGORITHM } from './verify.js';
export type { SigV4Request, StoredCredentials, VerifyOptions, VerifyResult, VerifySuccess, VerifyFailure } from './verify.js';
export { uriEscape, canonicalPath, canonicalQuery, parseQuery } from './canonical.js';
