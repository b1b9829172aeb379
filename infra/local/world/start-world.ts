/**
 * The one way to start the local world: the parts a caller asks for, in dependency order
 * (parts/index.ts), each handed the parts it needs and the shared settings; stopped in reverse
 * order by `close()`, and also when a part fails to start half way, so a failed start leaves
 * nothing running.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION, newLocalCredentials } from '../local-account.js';
import { PARTS, START_ORDER } from './parts/index.js';
import { servicePort } from './ports.js';
import { loopbackOrigins } from '../request-guard.js';
import { skillEnvOf } from './skill-env.js';
import type { Handles, LocalAccount, Part, PartContext, PartName, Started, World, WorldParts, WorldSettings, WorldView } from './types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The parts asked for, in start order, loaded; refuses a part without a part it needs. */
export async function partsToStart(parts: WorldParts): Promise<{ name: PartName; part: Part<PartName, PartName, PartName> }[]> {
  const wanted = START_ORDER.filter((name) => parts[name] !== undefined);
  const load = (name: PartName) => (PARTS[name] as () => Promise<Part<PartName, PartName, PartName>>)();
  const loaded = await Promise.all(wanted.map(async (name) => ({ name, part: await load(name) })));
  for (const { name, part } of loaded) {
    const missing = part.needs.filter((need) => !wanted.includes(need));
    if (missing.length > 0) throw new Error(`The ${name} part needs ${missing.map((m) => `the ${m} part`).join(' and ')} in the same world.`);
  }
  return loaded;
}

function contextFor(settings: WorldSettings, wanted: PartName[], account: LocalAccount, handles: Partial<Handles>): PartContext {
  const main = settings.port ?? 0;
  const dataDir = settings.dataDir ? path.resolve(settings.dataDir) : undefined;
  return {
    account,
    host: '127.0.0.1',
    port: (slot) => (slot === 'main' ? main : servicePort(main, slot)),
    dataPath: (name) => (dataDir && name ? path.join(dataDir, name) : dataDir),
    distDir: settings.distDir ?? path.join(repoRoot, 'dist'),
    skillSettings: settings.skillSettings ?? {},
    has: (name) => wanted.includes(name),
    pageOrigins: () => (handles.web ? loopbackOrigins(handles.web.port) : []),
    webPort: () => handles.web?.port,
    log: settings.log ?? (() => undefined),
  };
}

export async function startWorld<P extends WorldParts>(parts: P, settings: WorldSettings = {}): Promise<World<P>> {
  const toStart = await partsToStart(parts);
  const wanted = toStart.map((p) => p.name);
  const account: LocalAccount = { region: LOCAL_REGION, accountId: LOCAL_ACCOUNT_ID, credentials: settings.credentials ?? newLocalCredentials() };
  const handles: Partial<Handles> = {};
  const ctx = contextFor(settings, wanted, account, handles);
  const started: Started<unknown>[] = [];
  const close = async (): Promise<void> => {
    // Reverse order: nothing is stopped while a part started after it still relies on it.
    for (const part of started.splice(0).reverse()) await Promise.resolve(part.stop?.()).catch(() => undefined);
  };

  try {
    for (const { name, part } of toStart) {
      const options = parts[name] === true ? {} : parts[name];
      const running = await part.start(options as never, handles as never, ctx);
      started.push(running);
      (handles as Record<string, unknown>)[name] = running.handle;
    }
    const services = Object.fromEntries(started.flatMap((p) => (p.service ? [[p.service.name, p.service.url]] : [])));
    const world: WorldView = { ...handles, account, services, skillEnv: skillEnvOf(handles, account, ctx.skillSettings), close };
    for (const part of started) await part.ready?.(world);
    ctx.log('ready');
    return world as unknown as World<P>;
  } catch (err) {
    await close();
    throw err;
  }
}
