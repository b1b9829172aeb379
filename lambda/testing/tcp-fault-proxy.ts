/**
 * A loopback TCP proxy in front of a real server that can make it briefly unreachable the two ways a
 * network does: refusing connections (the port closed) or swallowing them (accepted, never answered),
 * then come back on the SAME port, so clients that cached the endpoint reconnect as they would in AWS.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type ProxyMode = 'forward' | 'refuse' | 'blackhole';

export interface TcpFaultProxy {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  readonly port: number;
  setMode(mode: ProxyMode): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpFaultProxy(target: { host: string; port: number }): Promise<TcpFaultProxy> {
  const sockets = new Set<Socket>();
  let mode: ProxyMode = 'forward';
  let server: Server | undefined;

  const onConnection = (client: Socket) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (mode === 'blackhole') return;
    const upstream = connect(target.port, target.host);
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  };

  const listen = (port: number) =>
    new Promise<Server>((resolve, reject) => {
      const s = createServer(onConnection);
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve(s));
    });
  const stop = async () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
    const s = server;
    server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  server = await listen(0);
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    async setMode(next) {
      // Every mode change drops live connections: kept-alive sockets must not bridge a fault.
      await stop();
      mode = next;
      if (next !== 'refuse') server = await listen(port);
    },
    close: stop,
  };
}
