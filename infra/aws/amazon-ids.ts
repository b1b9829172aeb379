/** Shapes of the Amazon identifiers the deployment takes (CloudFormation AllowedPattern syntax), and where people sign in with Amazon. */
import { LWA_PATHS } from '../../contracts/lwa.js';

export const SKILL_ID_PATTERN = '^amzn1\\.ask\\.skill\\.[0-9a-f-]{36}$';
/** Both the skill's own LWA client and a Login with Amazon security profile have ids of this shape. */
export const LWA_CLIENT_ID_PATTERN = '^amzn1\\.application-oa2-client\\.[0-9a-zA-Z]+$';

/**
 * Login with Amazon's authorization endpoint: account linking signs users in there
 * (skill-package/accountLinking.json), and so does the setup page, with the same security profile.
 */
export const LWA_AUTHORIZE_URL = `https://www.amazon.com${LWA_PATHS.authorize}`;
