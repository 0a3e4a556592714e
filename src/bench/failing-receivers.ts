/**
 * A child process of the webhooks-and-checks benchmark: three webhook receivers on 127.0.0.1
 * that fail as receivers do, kept out of the process that measures the checks:
 * - `timeout`: reads the request and never answers (the worker gives up after its timeout);
 * - `error`: answers 500 at once;
 * - `redirect`: answers 302 to another address (never followed).
 * Sends `{ timeout, error, redirect }` (their URLs) to the parent; answers `counts` with the
 * requests each has received; stops on SIGTERM.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const counts = { timeout: 0, error: 0, redirect: 0 };
type Kind = keyof typeof counts;

async function receiver(kind: Kind): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    counts[kind]++;
    req.resume();
    if (kind === 'error') req.on('end', () => res.writeHead(500).end('failing on purpose'));
    else if (kind === 'redirect')
      req.on('end', () => res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }).end());
    // `timeout`: no answer; the socket stays open until the sender gives up.
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
}

const made = await Promise.all((['timeout', 'error', 'redirect'] as const).map(receiver));
process.send?.({ timeout: made[0]!.url, error: made[1]!.url, redirect: made[2]!.url });
process.on('message', (m) => {
  if (m === 'counts') process.send?.({ counts: { ...counts } });
});
process.once('SIGTERM', () => {
  for (const { server } of made) server.closeAllConnections();
  process.exit(0);
});
