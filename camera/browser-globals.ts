/**
 * The KVS WebRTC SDK reads `process.env.PACKAGE_VERSION` when it loads (its own bundler defines
 * it); a browser has no `process`. Imported first by every page that loads the SDK.
 */
const scope = globalThis as { process?: { env: Record<string, string | undefined> } };
scope.process ??= { env: {} };

export {};
