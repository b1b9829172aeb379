/** Reads the deployed stack's outputs from CloudFormation (the caller's AWS credentials and region). */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { outputsFromDescribeStacks, type StackOutputs } from './stack-outputs.js';

export async function readStackOutputs(stackName: string, region: string | undefined): Promise<StackOutputs> {
  const cloudFormation = new CloudFormationClient(region ? { region } : {});
  const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
  const outputs = Stacks?.[0]?.Outputs;
  if (!outputs) throw new Error(`Stack ${stackName} has no outputs: is it deployed in this region?`);
  return outputsFromDescribeStacks(outputs);
}
