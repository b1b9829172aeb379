/**
 * How the local Alexa reaches the skill: the real AWS SDK Lambda client against the local Lambda
 * Invoke API, exactly as Alexa's service invokes a skill's Lambda in AWS. Like Alexa, it takes
 * only answers in the documented shapes (contracts/alexa/messages.ts).
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { checkResponse } from '../../../../contracts/alexa/check.js';
import type { Directive } from './directives.js';

export interface SkillResponse {
  event: {
    header: { namespace: string; name: string; messageId: string; correlationToken?: string; payloadVersion: string };
    endpoint?: { endpointId?: string; [k: string]: unknown };
    payload: Record<string, unknown>;
  };
  context?: { properties?: { namespace: string; name: string; value: unknown; [k: string]: unknown }[] };
}

export class SkillInvocationError extends Error {
  override name = 'SkillInvocationError';
}

export interface SkillClient {
  send(directive: Directive): Promise<SkillResponse>;
  close(): void;
}

export function createSkillClient(opts: {
  endpoint: string;
  functionName: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}): SkillClient {
  const client = new LambdaClient({ endpoint: opts.endpoint, region: opts.region, credentials: opts.credentials, maxAttempts: 1 });
  return {
    async send(directive) {
      const out = await client.send(
        new InvokeCommand({ FunctionName: opts.functionName, Payload: new TextEncoder().encode(JSON.stringify(directive)) }),
      );
      const text = out.Payload ? new TextDecoder().decode(out.Payload) : '';
      // A skill that throws is a failed skill for Alexa, whatever the payload says.
      if (out.FunctionError) throw new SkillInvocationError(`the skill failed (${out.FunctionError})`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new SkillInvocationError('the skill answered something that is not JSON');
      }
      const checked = checkResponse(parsed);
      if (!checked.ok) throw new SkillInvocationError(`the skill's answer breaks Alexa's documented shape: ${checked.description}`);
      return parsed as SkillResponse;
    },
    close: () => client.destroy(),
  };
}
