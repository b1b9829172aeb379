/** The local stack, for `npm start`, tests and the benchmark. */
export { startLocalStack, SKILL_FUNCTION_NAME, DEVICE_API_FUNCTION_NAME, type LocalStack, type LocalStackOptions } from './local-stack.js';
export { DEFAULT_PORT, PORT_OFFSETS, servicePort } from './ports.js';
