import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIONS, linesOf } from '../test-support/engine.js';
import { addAccount } from '../engine/tenancy/accounts.js';
import { createApiKey } from '../engine/tenancy/auth.js';
import { entitle, partyAdd } from '../engine/decisions/check.js';
import { fixedClock } from '../engine/clock.js';
import { importRecords } from '../engine/ingest/ingest.js';
import { publishScheme } from '../engine/evaluation/publish.js';
import { grantAction } from '../engine/tenancy/registry.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { servingUrl } from '../test-support/serve-process.js';

const SCHEME = `
scheme: city-test
authority: city
context: civic
subjects: [person]
score: { base: 100 }
grades: [{ id: A, min: 60 }, { id: D }]
rules:
  - { id: jaywalking, when: 'record.kind == "traffic.jaywalking"', points: -40, lapse: P1Y }
lists:
  - id: air-travel-ban
    type: blacklist
    when: subject.grade == "D"
    sanctions:
      - { action: flight.board, effect: deny, justification: Repeated offences restrict air travel, basis: Regulation 7 art. 9 }
`;

const BIN = new URL('../../bin/standing.js', import.meta.url).pathname;

// Runs the compiled CLI (`npm test` builds first).
describe('standing serve', () => {
  it('sweeps on its own clock: a notice window passes and the check changes with no CLI call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'standing-serve-'));
    const db = join(dir, 'serve.db');
    const t0 = Date.parse('2026-05-01T00:00:00Z');
    const deps = { store: openSqliteStore(db, { create: true, actions: ACTIONS }), clock: fixedClock(t0) };
    await grantAction(deps, 'city', 'flight.board');
    await publishScheme(deps, SCHEME);
    await partyAdd(deps, 'airline');
    await entitle(deps, 'airline', 'flight.board');
    const { secret } = await createApiKey(deps, { party: 'airline' });
    await addAccount(deps, { name: 'vic', authority: 'city', roles: ['reviewer'] });
    const rec = (key: string, at: number) => ({
      key,
      authority: 'city',
      subject: 'person:pat',
      kind: 'traffic.jaywalking',
      occurredAt: new Date(at).toISOString(),
    });
    await importRecords(deps, linesOf([rec('J-1', t0 - 86_400_000), rec('J-2', t0 - 3_600_000)]));
    const [listing] = await deps.store.transaction((tx) => tx.listingsOfSubject('person:pat'));
    expect(listing?.state).toBe('noticed');
    await deps.store.close();

    // Ten days of Standing time pass in about half a second of real time.
    const child = spawn(
      process.execPath,
      [BIN, 'serve', '--port', '0', '--db', db, '--sweep-seconds', '1', '--quiet'],
      {
        env: { ...process.env, STANDING_NOW: new Date(t0 + 60_000).toISOString(), STANDING_CLOCK_RATE: '2000000' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    try {
      const url = await servingUrl(child);
      const check = async (): Promise<{ effect: string }> => {
        const r = await fetch(`${url}/v1/checks`, {
          method: 'POST',
          headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
          body: JSON.stringify({ subject: 'person:pat', action: 'flight.board' }),
        });
        expect(r.status).toBe(200);
        return (await r.json()) as { effect: string };
      };
      let effect = (await check()).effect;
      const deadline = Date.now() + 15_000;
      while (effect !== 'deny' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        effect = (await check()).effect;
      }
      expect(effect).toBe('deny');
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(0);
    }
    const after = openSqliteStore(db);
    const [l] = await after.transaction((tx) => tx.listingsOfSubject('person:pat'));
    expect(l).toMatchObject({ state: 'active', activeSince: listing!.effectAt });
    expect(await after.transaction((tx) => tx.countAccess())).toBeGreaterThan(0);
    await after.close();
  });

  it('logs one JSON line per request, with its request id, and flushes the log when it stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'standing-serve-'));
    const db = join(dir, 'serve.db');
    const deps = {
      store: openSqliteStore(db, { create: true, actions: ACTIONS }),
      clock: fixedClock(Date.parse('2026-05-01T00:00:00Z')),
    };
    await partyAdd(deps, 'airline');
    await entitle(deps, 'airline', 'flight.board');
    const { secret } = await createApiKey(deps, { party: 'airline' });
    await deps.store.close();
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', db], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const url = await servingUrl(child);
    const statuses: number[] = [];
    for (const body of [
      { subject: 'person:a', action: 'flight.board' },
      { subject: 'person:b', action: 'flight.board' },
      { subject: 'nobody', action: 'flight.board' },
    ]) {
      const r = await fetch(`${url}/v1/checks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([200, 200, 400]);
    child.kill('SIGTERM');
    expect(await new Promise<number | null>((resolve) => child.on('exit', resolve))).toBe(0);
    const lines = stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l.msg === 'request completed');
    expect(requests.map((l) => [l.method, l.url, l.statusCode])).toEqual([
      ['POST', '/v1/checks', 200],
      ['POST', '/v1/checks', 200],
      ['POST', '/v1/checks', 400],
    ]);
    expect(new Set(requests.map((l) => l.reqId)).size).toBe(3);
    for (const l of requests) {
      expect(l.level).toBe(30);
      expect(l.reqId).toMatch(/^req-/);
      expect(typeof l.responseTime).toBe('number');
    }
    // One line per request: Fastify's separate "incoming request" line is not written.
    expect(lines.filter((l) => l.msg === 'incoming request')).toEqual([]);
  });
});
