/**
 * The deployed stack's outputs: from CloudFormation DescribeStacks (the caller's AWS credentials
 * and region), or from the file `npm run deploy` writes (`cdk deploy --outputs-file`).
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { readFile } from 'node:fs/promises';
import { outputsFromDescribeStacks, parseStackOutputs, type StackOutputs } from './stack-outputs.js';

export async function readStackOutputs(stackName: string, region: string | undefined): Promise<StackOutputs> {
  const cloudFormation = new CloudFormationClient(region ? { region } : {});
  const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName })).finally(() => cloudFormation.destroy());
  const outputs = Stacks?.[0]?.Outputs;
  if (!outputs) throw new Error(`Stack ${stackName} has no outputs: is it deployed in this region?`);
  return outputsFromDescribeStacks(outputs);
}

/** `cdk deploy --outputs-file` writes { "<stack name>": { "<OutputKey>": "<value>" } }. */
export async function readOutputsFile(file: string, stackName: string): Promise<StackOutputs> {
  const all = JSON.parse(await readFile(file, 'utf8')) as Record<string, Record<string, string>>;
  const stack = all[stackName];
  if (!stack) throw new Error(`${file} has no outputs of stack ${stackName}`);
  return parseStackOutputs(stack);
}

export function loadStackOutputs(options: { stackName: string; region?: string | undefined; outputsFile?: string | undefined }): Promise<StackOutputs> {
  if (options.outputsFile) return readOutputsFile(options.outputsFile, options.stackName);
  return readStackOutputs(options.stackName, options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION);
}
