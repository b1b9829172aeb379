/**
 * Structured JSON logs (Powertools Logger). The redaction is a second line of defence: the code
 * never logs tokens, secrets, SDP or correlation tokens on purpose, and this replacer blanks any
 * that slip into a log record anyway (by key name, or by a value that looks like one).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { readSkillSetting } from '../contracts/skill-config.js';

const SENSITIVE_KEY = /token|secret|password|authorization|sdp|offer|answer|^code$|^value$|cookie|credential|grant$|verifier/i;
const SENSITIVE_VALUE = [
  /Atz[ar]\|[^\s"']*/g, // LWA access and refresh tokens
  /v=0\r?\n[\s\S]*/g, // an SDP body
  /Bearer\s+\S+/gi,
  /dg1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, // a device grant
];

export const REDACTED = '[REDACTED]';

function redactString(s: string): string {
  let out = s;
  for (const re of SENSITIVE_VALUE) out = out.replace(re, REDACTED);
  return out;
}

function redactReplacer(key: string, value: unknown): unknown {
  if (key !== '' && SENSITIVE_KEY.test(key) && value !== undefined && value !== null && typeof value !== 'boolean') {
    // Counts and outcomes named like secrets are harmless; strings and objects are not.
    return typeof value === 'number' ? value : REDACTED;
  }
  if (typeof value === 'string') return redactString(value);
  return value;
}

export type Log = Logger;

export function createLogger(options: { serviceName?: string; logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' } = {}): Log {
  return new Logger({
    serviceName: options.serviceName ?? 'doorbell-skill',
    logLevel: options.logLevel ?? (readSkillSetting(process.env, 'logLevel').toUpperCase() as 'INFO'),
    jsonReplacerFn: redactReplacer,
  });
}

/** An error's name and a redacted message: stacks and raw messages from libraries can quote payloads. */
export function errorSummary(err: unknown): { error: string; reason: string } {
  if (err instanceof Error) return { error: err.name, reason: redactString(err.message).slice(0, 300) };
  return { error: typeof err, reason: '' };
}

/** An email for a log line: its first character and its domain (`a***@example.com`). */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
