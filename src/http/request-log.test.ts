import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ACTIONS } from '../test-support/engine.js';
import { fixedClock } from '../engine/clock.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { startServer } from './server.js';
import { lazyChildLogger } from './request-log.js';

const dir = mkdtempSync(join(tmpdir(), 'standing-request-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The request log's lines of a server given `logger` options, after the requests `paths` (GET, in turn). */
async function logLines(name: string, extra: Record<string, unknown>, paths: readonly string[]): Promise<string[]> {
  const text: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text.push(chunk.toString('utf8'));
      done();
    },
  });
  const db = join(dir, `${name}.db`);
  const server = await startServer(
    {
      store: openSqliteStore(db, { create: true, actions: ACTIONS }),
      clock: fixedClock(Date.parse('2026-06-01T00:00:00Z')),
    },
    { port: 0, logger: { level: 'info', stream, ...extra } },
  );
  try {
    // node:http sends the path as given (quotes and all), where fetch would percent-encode it.
    for (const p of paths)
      await new Promise<void>((done, fail) =>
        get(new URL(server.url), { path: p }, (res) => res.resume().on('end', done)).on('error', fail),
      );
  } finally {
    await server.close();
  }
  return text
    .join('')
    .split('\n')
    .filter((l) => l.includes('"reqId"'));
}

describe('the request log', () => {
  it('writes, from text, the very line pino writes for a request: same fields, order and escaping', async () => {
    const paths = ['/healthz', '/v1/no-such-route?q="quoted"&u=%C3%BC\\', '/v1/me', '/readyz'];
    // A level and a stream: the closing lines are written from text (request-log.ts).
    const fast = await logLines('fast', {}, paths);
    // The same output options spelled with one more (the default time function): pino writes every line.
    const viaPino = await logLines('pino', { timestamp: pino.stdTimeFunctions.epochTime }, paths);
    expect(fast).toHaveLength(paths.length);
    const same = (l: string) =>
      l.replace(/"time":\d+/, '"time":T').replace(/"responseTime":[\d.e-]+/, '"responseTime":R');
    expect(fast.map(same)).toEqual(viaPino.map(same));
    expect(JSON.parse(fast[1]!)).toMatchObject({ url: '/v1/no-such-route?q="quoted"&u=%C3%BC\\', statusCode: 404 });
  });

  it("makes a request's child logger only when something is logged through it, once", () => {
    const child = vi.fn(
      (_b: object, _o?: object) => ({ info: vi.fn(), error: vi.fn() }) as unknown as FastifyBaseLogger,
    );
    const root = { child } as unknown as FastifyBaseLogger;
    const log = lazyChildLogger(root, { reqId: 'req-1' }, {});
    expect(child).not.toHaveBeenCalled();
    log.error({ err: new Error('x') }, 'failed');
    log.info('again');
    expect(child).toHaveBeenCalledTimes(1);
    expect(child).toHaveBeenCalledWith({ reqId: 'req-1' }, {});
  });
});
