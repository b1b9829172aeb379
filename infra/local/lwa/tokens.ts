/**
 * Token and code strings shaped like LWA's: access tokens start `Atza|`, refresh tokens `Atzr|`,
 * both a few hundred characters; authorization codes are 20 letters. All random, made at run time.
 * Only SHA-256 digests of tokens are kept (in memory and on disk), never the tokens themselves.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';

export const newAccessToken = (): string => `Atza|${randomBytes(264).toString('base64url')}`;
export const newRefreshToken = (): string => `Atzr|${randomBytes(264).toString('base64url')}`;

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export function newAuthorizationCode(): string {
  let code = '';
  for (let i = 0; i < 20; i++) code += LETTERS[randomInt(LETTERS.length)];
  return code;
}

export const digest = (secret: string): string => createHash('sha256').update(secret).digest('base64url');
