/** Stack outputs as CloudFormation DescribeStacks lists them after a deploy to eu-west-1 (fake local account id). */
import { OUTPUT } from '../stack-outputs.js';
import { TEST_LINKING_CLIENT_ID, TEST_LWA_CLIENT_ID, TEST_SKILL_ID } from './synth-fixture.js';

export const CHANNEL_ARN = 'arn:aws:kinesisvideo:eu-west-1:000000000000:channel/doorbell-front-door/1700000000000';
export const DESCRIBED = [
  [OUTPUT.region, 'eu-west-1'],
  [OUTPUT.skillFunctionArn, 'arn:aws:lambda:eu-west-1:000000000000:function:AlexaVideoDoorbell-Skill'],
  [OUTPUT.deviceApiUrl, 'https://abc123.lambda-url.eu-west-1.on.aws/'],
  [OUTPUT.accessApiUrl, 'https://def456.lambda-url.eu-west-1.on.aws/'],
  [OUTPUT.cameraRoleArn, 'arn:aws:iam::000000000000:role/AlexaVideoDoorbell-Camera'],
  [OUTPUT.buttonRoleArn, 'arn:aws:iam::000000000000:role/AlexaVideoDoorbell-Button'],
  [OUTPUT.viewerRoleArn, 'arn:aws:iam::000000000000:role/AlexaVideoDoorbell-Viewer'],
  [OUTPUT.deviceRoleMaxSessionSeconds, '43200'],
  [OUTPUT.pageOrigin, 'http://localhost:8080'],
  [OUTPUT.setupPageUrl, 'https://d111111abcdef8.cloudfront.net/setup.html'],
  [OUTPUT.pagesBucket, 'alexavideodoorbell-pagesbucket-abc'],
  [OUTPUT.pagesDistributionId, 'E1EXAMPLE'],
  [OUTPUT.doorbells, JSON.stringify([{ endpointId: 'front-door', name: 'Front Door', channelName: 'doorbell-front-door', channelArn: CHANNEL_ARN }])],
  [OUTPUT.lwaClientId, TEST_LWA_CLIENT_ID],
  [OUTPUT.linkingClientId, TEST_LINKING_CLIENT_ID],
  [OUTPUT.lwaClientSecretArn, 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:LwaClientSecret-AbCdEf'],
  [OUTPUT.skillId, TEST_SKILL_ID],
  [OUTPUT.usersTable, 'users'],
  [OUTPUT.doorbellsTable, 'doorbells'],
  [OUTPUT.sessionsTable, 'sessions'],
  [OUTPUT.devicesTable, 'devices'],
  [OUTPUT.setupTable, 'setup'],
  [OUTPUT.setupTableArn, 'arn:aws:dynamodb:eu-west-1:000000000000:table/setup'],
  [OUTPUT.alarmTopicArn, 'arn:aws:sns:eu-west-1:000000000000:alarms'],
].map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue }));

