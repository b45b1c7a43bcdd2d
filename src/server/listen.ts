import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';

/** Loopback only: the server is for the person at this machine, never for the network. */
export const HOSTNAME = '127.0.0.1';
export const DEFAULT_PORT = 4790;

export interface Listening {
  port: number;
  /** The port asked for was taken, so another one was chosen. */
  movedFrom?: number;
  /** Stops taking requests, lets the ones under way finish (up to `graceMs`), then closes. */
  close(graceMs?: number): Promise<void>;
}

function listenOn(server: Server, port: number, hostname: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (e: Error) => {
      server.off('listening', ok);
      reject(e);
    };
    const ok = () => {
      server.off('error', fail);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    };
    server.once('error', fail);
    server.once('listening', ok);
    server.listen(port, hostname);
  });
}

/**
 * Serves `makeApp(port)` on 127.0.0.1. The app is made once the port is known, because the
 * names it answers to (Host) contain the port; when `port` is taken, any free port is used.
 */
export async function listen(
  port: number,
  // biome-ignore lint/suspicious/noExplicitAny: any Hono app, whatever its variables.
  makeApp: (port: number) => Hono<any>,
  /** An organisation's server names its address, and a taken port is an error, not a move. */
  options: { hostname?: string; exactPort?: boolean } = {},
): Promise<Listening> {
  const hostname = options.hostname ?? HOSTNAME;
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  let app: Hono<any> | undefined;
  const server = createAdaptorServer({
    fetch: (req, env) => (app ? app.fetch(req, env) : new Response(null, { status: 503 })),
    hostname,
  }) as Server;
  let actual: number;
  let movedFrom: number | undefined;
  try {
    actual = await listenOn(server, port, hostname);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (options.exactPort || (code !== 'EADDRINUSE' && code !== 'EACCES')) throw e;
    movedFrom = port;
    actual = await listenOn(server, 0, hostname);
  }
  app = makeApp(actual);
  return {
    port: actual,
    ...(movedFrom === undefined ? {} : { movedFrom }),
    close(graceMs = 5000) {
      return new Promise((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
