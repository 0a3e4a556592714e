/**
 * A child process of the decision benchmark: serves either Standing (`standing DB`)
 * with the request log `standing serve` writes by default, or the baseline, a bare Fastify
 * route answering a constant JSON object without logs (`bare`), on 127.0.0.1, sends its URL
 * to the parent, and stops on SIGTERM.
 */
import Fastify from 'fastify';
import { fixedClock } from '../engine/clock.js';
import { startServer } from '../http/server.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';

const [mode, db] = process.argv.slice(2);

async function main(): Promise<void> {
  let close: () => Promise<void>;
  let url: string;
  if (mode === 'bare') {
    const app = Fastify({ logger: false });
    const answer = { subject: 'person:1', action: 'flight.board', effect: 'allow', limit: null, reasons: [], at: '2026-06-01T00:00:00.000Z' };
    app.post('/v1/checks', async () => answer);
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    close = () => app.close();
  } else if (mode === 'standing' && db !== undefined) {
    // The request log `standing serve` writes by default (one JSON line per request, on stdout, which the parent sends to a file).
    const server = await startServer({ store: openSqliteStore(db), clock: fixedClock(Date.parse('2026-06-01T00:00:00Z')) }, { port: 0, logger: { level: 'info' } });
    url = server.url;
    close = () => server.close();
  } else {
    throw new Error('usage: decision-server bare | standing DB');
  }
  process.send?.({ url });
  process.once('SIGTERM', () => {
    void close().then(() => process.exit(0));
  });
}

await main();
