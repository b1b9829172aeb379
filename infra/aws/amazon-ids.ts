/** Shapes of the Amazon identifiers the deployment takes (CloudFormation AllowedPattern syntax). */
export const SKILL_ID_PATTERN = '^amzn1\\.ask\\.skill\\.[0-9a-f-]{36}$';
/** Both the skill's own LWA client and a Login with Amazon security profile have ids of this shape. */
export const LWA_CLIENT_ID_PATTERN = '^amzn1\\.application-oa2-client\\.[0-9a-zA-Z]+$';
