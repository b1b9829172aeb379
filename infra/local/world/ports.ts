/**
 * Where the local world's parts listen. The main web server takes PORT (default 8080) and every
 * other service a fixed offset from it, so that documented commands (for example
 * `aws lambda invoke --endpoint-url http://127.0.0.1:8085`) keep working from one start to the
 * next. With port 0 (tests) every service takes an ephemeral port.
 */
export const DEFAULT_PORT = 8080;

export const PORT_OFFSETS = {
  kvs: 1,
  dynamodb: 2,
  lwa: 3,
  eventGateway: 4,
  lambdaInvoke: 5,
  deviceApi: 6,
  accessApi: 7,
  sts: 8,
  turn: 9,
  s3: 10,
} as const;

export type ServiceName = keyof typeof PORT_OFFSETS;
/** The main web server's port, or a service's. */
export type PortSlot = 'main' | ServiceName;

export function servicePort(mainPort: number, service: ServiceName): number {
  return mainPort === 0 ? 0 : mainPort + PORT_OFFSETS[service];
}

/** PORT from the environment, or the default; refuses anything that is not a port number. */
export function portFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PORT;
  const port = Number(value);
  const highest = Math.max(...Object.values(PORT_OFFSETS));
  if (!Number.isInteger(port) || port < 0 || port > 65535 - highest) {
    throw new Error(`PORT must be a port number (0-${65535 - highest}), not "${value}"`);
  }
  return port;
}
