import { MAX_MESSAGE_PAYLOAD_CHARS } from '../../../contracts/kvs/alexa-offer.js';
import { invalidArgument } from './errors.js';

/** Field rules from the Kinesis Video Streams API reference (length, pattern, enum, range). */
export interface StringRule {
  required?: boolean;
  min?: number;
  max?: number;
  pattern?: RegExp;
  oneOf?: readonly string[];
}

export const RULES = {
  channelName: { min: 1, max: 256, pattern: /^[a-zA-Z0-9_.-]+$/ },
  channelArn: { min: 1, max: 1024, pattern: /^arn:[a-z\d-]+:kinesisvideo:[a-z0-9-]+:[0-9]+:[a-z]+\/[a-zA-Z0-9_.-]+\/[0-9]+$/ },
  channelType: { oneOf: ['SINGLE_MASTER', 'FULL_MESH'] },
  protocol: { oneOf: ['WSS', 'HTTPS', 'WEBRTC'] },
  role: { oneOf: ['MASTER', 'VIEWER'] },
  clientId: { min: 1, max: 256, pattern: /^[a-zA-Z0-9_.-]+$/ },
  iceService: { oneOf: ['TURN'] },
  messagePayload: { min: 1, max: MAX_MESSAGE_PAYLOAD_CHARS, pattern: /^[a-zA-Z0-9+/=]+$/ },
} satisfies Record<string, StringRule>;

export const TTL_SECONDS = { min: 5, max: 120, default: 60 };

function describe(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function str(input: Record<string, unknown>, field: string, rule: StringRule & { required: true }): string;
export function str(input: Record<string, unknown>, field: string, rule: StringRule): string | undefined;
export function str(input: Record<string, unknown>, field: string, rule: StringRule): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) {
    if (rule.required) throw invalidArgument(`1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
    return undefined;
  }
  return checkString(value, field, rule);
}

export function checkString(value: unknown, field: string, rule: StringRule): string {
  const at = `Value '${describe(value)}' at '${field}' failed to satisfy constraint:`;
  if (typeof value !== 'string') throw invalidArgument(`1 validation error detected: ${at} Member must be a string`);
  if (rule.min !== undefined && value.length < rule.min) throw invalidArgument(`1 validation error detected: ${at} Member must have length greater than or equal to ${rule.min}`);
  if (rule.max !== undefined && value.length > rule.max) throw invalidArgument(`1 validation error detected: ${at} Member must have length less than or equal to ${rule.max}`);
  if (rule.pattern && !rule.pattern.test(value)) throw invalidArgument(`1 validation error detected: ${at} Member must satisfy regular expression pattern: ${rule.pattern.source}`);
  if (rule.oneOf && !rule.oneOf.includes(value)) throw invalidArgument(`1 validation error detected: ${at} Member must satisfy enum value set: [${rule.oneOf.join(', ')}]`);
  return value;
}

export function int(input: Record<string, unknown>, field: string, range: { min: number; max: number }): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  const at = `Value '${describe(value)}' at '${field}' failed to satisfy constraint:`;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalidArgument(`1 validation error detected: ${at} Member must be an integer`);
  if (value < range.min) throw invalidArgument(`1 validation error detected: ${at} Member must have value greater than or equal to ${range.min}`);
  if (value > range.max) throw invalidArgument(`1 validation error detected: ${at} Member must have value less than or equal to ${range.max}`);
  return value;
}

export function obj(input: Record<string, unknown>, field: string): Record<string, unknown> | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidArgument(`1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must be a structure`);
  return value as Record<string, unknown>;
}

export function list(input: Record<string, unknown>, field: string, range: { min: number; max: number }): unknown[] | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidArgument(`1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must be a list`);
  if (value.length < range.min || value.length > range.max) {
    throw invalidArgument(`1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must have length between ${range.min} and ${range.max}`);
  }
  return value;
}
