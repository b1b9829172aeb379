/**
 * Runs a script in a network namespace of its own with many interfaces, the way a laptop with a
 * VPN, Docker bridges and IPv6 has them: pairs of veth interfaces, each end up, with IPv4 and IPv6
 * addresses and one link-local IPv4 address, besides loopback. A child namespace, so that no other
 * test sees these interfaces (every browser there would gather candidates on all of them). The
 * script prints one line of JSON, its result.
 */
import { spawn } from 'node:child_process';

export interface Interfaces {
  /** veth pairs; each end gets its own IPv4 and IPv6 address. */
  pairs: number;
}

function setupCommands({ pairs }: Interfaces): string[] {
  const commands = ['ip link set lo up'];
  for (let i = 1; i <= pairs; i++) {
    commands.push(
      `ip link add dba${i} type veth peer name dbb${i}`,
      `ip addr add 10.77.${i}.1/24 dev dba${i}`,
      `ip addr add 10.78.${i}.1/24 dev dbb${i}`,
      `ip -6 addr add fd77:${i}::1/64 dev dba${i} nodad`,
      `ip -6 addr add fd78:${i}::1/64 dev dbb${i} nodad`,
      `ip link set dba${i} up`,
      `ip link set dbb${i} up`,
    );
  }
  commands.push('ip addr add 169.254.77.1/16 dev dba1');
  return commands;
}

export async function runWithManyInterfaces<T>(script: string, interfaces: Interfaces, timeoutMs = 90_000): Promise<T> {
  const inner = `${setupCommands(interfaces).join(' && ')} && exec "$@"`;
  const child = spawn('unshare', ['--net', '--', 'bash', '-c', inner, 'many-interfaces', process.execPath, '--import', 'tsx', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-8000)));
  const timer = setTimeout(() => {
    // The whole group: the script, its Chromium and its coturn.
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  }, timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  const line = stdout.trim().split('\n').at(-1) ?? '';
  if (code !== 0 && /^unshare: /m.test(stderr)) {
    throw new Error(`cannot make a network namespace for the many-interface test (${stderr.trim().split('\n')[0]}): run the tests as npm test does, inside scripts/loopback-only.sh, as root or where unprivileged user namespaces are allowed`);
  }
  if (code !== 0 || !line.startsWith('{')) {
    throw new Error(`the script in the many-interface namespace failed (exit ${code}):\n${stderr.trim().split('\n').slice(-20).join('\n')}\n${stdout.slice(-2000)}`);
  }
  return JSON.parse(line) as T;
}
