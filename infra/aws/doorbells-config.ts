/**
 * The doorbells this deployment serves, read from `infra/aws/doorbells.json` (or the file named by
 * the `doorbells` context value). One KVS signaling channel and one registry item per doorbell.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The endpointId is also the IAM role session name of the doorbell's camera (2-64 characters of
 * `[\w+=,.@-]`) and part of its channel name, so it is held to the characters all three accept.
 */
const ENDPOINT_ID = /^[A-Za-z0-9_-]{2,64}$/;
/** KVS channel names: 1-256 of `[a-zA-Z0-9_.-]`. */
const CHANNEL_NAME = /^[A-Za-z0-9_.-]{1,256}$/;

export const doorbellConfigSchema = z
  .object({
    endpointId: z.string().regex(ENDPOINT_ID, 'endpointId: 2-64 letters, digits, "_" or "-"'),
    name: z.string().trim().min(1).max(128),
    ownerEmail: z.email().transform((email) => email.toLowerCase()),
    description: z.string().trim().min(1).max(128).optional(),
    channelName: z.string().regex(CHANNEL_NAME).optional(),
  })
  .strict();

export const doorbellsConfigSchema = z
  .array(doorbellConfigSchema)
  .min(1, 'configure at least one doorbell')
  .superRefine((doorbells, ctx) => {
    const seen = new Set<string>();
    for (const [index, doorbell] of doorbells.entries()) {
      if (seen.has(doorbell.endpointId)) {
        ctx.addIssue({ code: 'custom', path: [index, 'endpointId'], message: `duplicate endpointId "${doorbell.endpointId}"` });
      }
      seen.add(doorbell.endpointId);
    }
  });

export type DoorbellConfig = z.output<typeof doorbellConfigSchema>;

/** The doorbell's signaling channel name: configured, or derived from its endpointId. */
export function channelNameOf(doorbell: DoorbellConfig): string {
  return doorbell.channelName ?? `doorbell-${doorbell.endpointId}`;
}

export function parseDoorbells(json: unknown): DoorbellConfig[] {
  const result = doorbellsConfigSchema.safeParse(json);
  if (!result.success) throw new Error(`Invalid doorbells configuration:\n${z.prettifyError(result.error)}`);
  return result.data;
}

export function loadDoorbells(file: string): DoorbellConfig[] {
  return parseDoorbells(JSON.parse(readFileSync(file, 'utf8')));
}
