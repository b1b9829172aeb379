/**
 * The stack's outputs, named once: the stack declares them, and `camera-url` and
 * `fill-skill-package` read them back (from CloudFormation DescribeStacks or from the file
 * `cdk deploy --outputs-file` writes).
 */
import { z } from 'zod';

export const DEFAULT_STACK_NAME = 'AlexaVideoDoorbell';

export const OUTPUT = {
  region: 'Region',
  skillFunctionArn: 'SkillFunctionArn',
  deviceApiUrl: 'DeviceApiUrl',
  accessApiUrl: 'AccessApiUrl',
  cameraRoleArn: 'CameraRoleArn',
  buttonRoleArn: 'ButtonRoleArn',
  viewerRoleArn: 'ViewerRoleArn',
  deviceRoleMaxSessionSeconds: 'DeviceRoleMaxSessionSeconds',
  pageOrigin: 'PageOrigin',
  setupPageUrl: 'SetupPageUrl',
  pagesBucket: 'PagesBucketName',
  pagesDistributionId: 'PagesDistributionId',
  doorbells: 'Doorbells',
  lwaClientId: 'LwaClientId',
  linkingClientId: 'LinkingClientId',
  lwaClientSecretArn: 'LwaClientSecretArn',
  skillId: 'SkillId',
  usersTable: 'UsersTableName',
  doorbellsTable: 'DoorbellsTableName',
  sessionsTable: 'SessionsTableName',
  devicesTable: 'DevicesTableName',
  setupTable: 'SetupTableName',
  setupTableArn: 'SetupTableArn',
  alarmTopicArn: 'AlarmTopicArn',
} as const;

/** One doorbell as the `Doorbells` output lists it (a JSON array). */
export const doorbellOutputSchema = z.object({
  endpointId: z.string(),
  name: z.string(),
  channelName: z.string(),
  channelArn: z.string(),
});
export type DoorbellOutput = z.infer<typeof doorbellOutputSchema>;

const outputsSchema = z.object({
  [OUTPUT.region]: z.string().min(1),
  [OUTPUT.skillFunctionArn]: z.string().startsWith('arn:'),
  [OUTPUT.deviceApiUrl]: z.url(),
  [OUTPUT.accessApiUrl]: z.url(),
  [OUTPUT.cameraRoleArn]: z.string().startsWith('arn:'),
  [OUTPUT.buttonRoleArn]: z.string().startsWith('arn:'),
  [OUTPUT.viewerRoleArn]: z.string().startsWith('arn:'),
  [OUTPUT.deviceRoleMaxSessionSeconds]: z.coerce.number().int().positive(),
  [OUTPUT.pageOrigin]: z.string().min(1),
  [OUTPUT.setupPageUrl]: z.url(),
  [OUTPUT.pagesBucket]: z.string().min(1),
  [OUTPUT.pagesDistributionId]: z.string().min(1),
  [OUTPUT.doorbells]: z.string().transform((json, ctx) => {
    const parsed = z.array(doorbellOutputSchema).safeParse(safeJson(json));
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: 'Doorbells output is not a JSON list of doorbells' });
      return z.NEVER;
    }
    return parsed.data;
  }),
  [OUTPUT.lwaClientId]: z.string().min(1),
  [OUTPUT.linkingClientId]: z.string().min(1),
  [OUTPUT.lwaClientSecretArn]: z.string().startsWith('arn:'),
  [OUTPUT.skillId]: z.string().min(1),
  [OUTPUT.usersTable]: z.string().min(1),
  [OUTPUT.doorbellsTable]: z.string().min(1),
  [OUTPUT.sessionsTable]: z.string().min(1),
  [OUTPUT.devicesTable]: z.string().min(1),
  [OUTPUT.setupTable]: z.string().min(1),
  [OUTPUT.setupTableArn]: z.string().startsWith('arn:'),
  [OUTPUT.alarmTopicArn]: z.string().startsWith('arn:'),
});

export interface StackOutputs {
  region: string;
  skillFunctionArn: string;
  /** Without the trailing slash CloudFormation gives function URLs (the pages append the routes). */
  deviceApiUrl: string;
  /** Without the trailing slash, like deviceApiUrl. */
  accessApiUrl: string;
  cameraRoleArn: string;
  buttonRoleArn: string;
  viewerRoleArn: string;
  deviceRoleMaxSessionSeconds: number;
  /** Where the pages are served (https://…, no trailing slash). */
  pageOrigin: string;
  setupPageUrl: string;
  pagesBucket: string;
  pagesDistributionId: string;
  doorbells: DoorbellOutput[];
  lwaClientId: string;
  linkingClientId: string;
  lwaClientSecretArn: string;
  skillId: string;
  usersTable: string;
  doorbellsTable: string;
  sessionsTable: string;
  devicesTable: string;
  setupTable: string;
  setupTableArn: string;
  alarmTopicArn: string;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Outputs as a key-value map (the `cdk deploy --outputs-file` shape for one stack). */
export function parseStackOutputs(values: Record<string, string | undefined>): StackOutputs {
  const result = outputsSchema.safeParse(values);
  if (!result.success) throw new Error(`The stack outputs are incomplete or malformed:\n${z.prettifyError(result.error)}`);
  const o = result.data;
  return {
    region: o[OUTPUT.region],
    skillFunctionArn: o[OUTPUT.skillFunctionArn],
    deviceApiUrl: o[OUTPUT.deviceApiUrl].replace(/\/+$/, ''),
    accessApiUrl: o[OUTPUT.accessApiUrl].replace(/\/+$/, ''),
    cameraRoleArn: o[OUTPUT.cameraRoleArn],
    buttonRoleArn: o[OUTPUT.buttonRoleArn],
    viewerRoleArn: o[OUTPUT.viewerRoleArn],
    deviceRoleMaxSessionSeconds: o[OUTPUT.deviceRoleMaxSessionSeconds],
    pageOrigin: o[OUTPUT.pageOrigin].replace(/\/+$/, ''),
    setupPageUrl: o[OUTPUT.setupPageUrl],
    pagesBucket: o[OUTPUT.pagesBucket],
    pagesDistributionId: o[OUTPUT.pagesDistributionId],
    doorbells: o[OUTPUT.doorbells],
    lwaClientId: o[OUTPUT.lwaClientId],
    linkingClientId: o[OUTPUT.linkingClientId],
    lwaClientSecretArn: o[OUTPUT.lwaClientSecretArn],
    skillId: o[OUTPUT.skillId],
    usersTable: o[OUTPUT.usersTable],
    doorbellsTable: o[OUTPUT.doorbellsTable],
    sessionsTable: o[OUTPUT.sessionsTable],
    devicesTable: o[OUTPUT.devicesTable],
    setupTable: o[OUTPUT.setupTable],
    setupTableArn: o[OUTPUT.setupTableArn],
    alarmTopicArn: o[OUTPUT.alarmTopicArn],
  };
}

/** Outputs as CloudFormation DescribeStacks lists them. */
export function outputsFromDescribeStacks(outputs: readonly { OutputKey?: string; OutputValue?: string }[]): StackOutputs {
  const values: Record<string, string> = {};
  for (const { OutputKey, OutputValue } of outputs) if (OutputKey && OutputValue !== undefined) values[OutputKey] = OutputValue;
  return parseStackOutputs(values);
}
