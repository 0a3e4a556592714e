import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a test receiver got. */
export interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** How the receiver answers a path: a status (with a Location for 3xx), or `hang` (never answers). */
export type Behaviour = number | 'hang';

/**
 * A real HTTP receiver on 127.0.0.1 for webhook tests: records every request and answers each
 * path as `behave` says (default 200), which a test may change between attempts.
 */
export async function startReceiver(): Promise<{
  readonly url: string;
  readonly received: Received[];
  readonly behave: Map<string, Behaviour>;
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const behave = new Map<string, Behaviour>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const b = behave.get(path) ?? 200;
      if (b === 'hang') return;
      if (b >= 300 && b < 400) res.writeHead(b, { location: '/redirected' });
      else res.writeHead(b);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    behave,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
