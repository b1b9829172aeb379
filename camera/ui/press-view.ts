import type { PressResponse } from '../../contracts/device-api/bodies.js';

/** What a press result means for the person who pressed, and its tone. */
export function describePress(result: PressResponse): { title: string; text: string; tone: 'ok' | 'warning' | 'error' } {
  const region = result.region ? ` (Alexa ${result.region} region)` : '';
  switch (result.outcome) {
    case 'DELIVERED':
      return { title: 'Delivered', text: `Alexa announces the doorbell${region}. ${result.message}`, tone: 'ok' };
    case 'DEBOUNCED':
      return { title: 'Already ringing', text: result.message, tone: 'warning' };
    case 'NOT_LINKED':
      return { title: 'Skill not linked', text: `${result.message} Enable the skill in the Alexa app and link your account.`, tone: 'error' };
    case 'RELINK_REQUIRED':
      return { title: 'Link expired', text: `${result.message} Disable and enable the skill in the Alexa app to link it again.`, tone: 'error' };
    case 'THROTTLED':
      return { title: 'Too many presses', text: `${result.message} Wait a moment and press again.`, tone: 'warning' };
    case 'GATEWAY_ERROR':
      return { title: 'Alexa did not take it', text: `${result.message}${region}`, tone: 'error' };
    case 'LWA_UNAVAILABLE':
      return { title: 'Login with Amazon unavailable', text: `${result.message} Try again in a minute.`, tone: 'error' };
    case 'SKILL_MISCONFIGURED':
      return { title: 'Skill misconfigured', text: result.message, tone: 'error' };
  }
}
