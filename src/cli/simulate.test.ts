import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { generateCity } from '../demo/city-generator.js';
import type { Output } from './output.js';
import { runCli } from './program.js';

const dir = mkdtempSync(join(tmpdir(), 'standing-simulate-'));
const db = join(dir, 'demo.db');
const NOW = '2026-06-01T00:00:00Z';

async function standing(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const output: Output = { out: (t) => (out += t), err: (t) => (err += t), isTTY: false };
  const code = await runCli([...args, '--db', db], () => loadConfig({ STANDING_NOW: NOW, ...env }), output);
  return { code, out, err };
}

/** Every table's row count and every audit chain's head: what "writes nothing" keeps. */
function snapshot(): unknown {
  const d = new Database(db, { readonly: true });
  try {
    const tables = d
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as { name: string }[];
    return {
      counts: Object.fromEntries(
        tables.map((t) => [t.name, (d.prepare(`SELECT COUNT(*) AS n FROM "${t.name}"`).get() as { n: number }).n]),
      ),
      heads: d.prepare('SELECT * FROM audit_heads ORDER BY 1').all(),
    };
  } finally {
    d.close();
  }
}

const draft = (): string => {
  const base = readFileSync(new URL('../../examples/city-citizen.yaml', import.meta.url), 'utf8');
  const p = join(dir, 'draft.yaml');
  writeFileSync(p, base.replace('when: subject.score < 600', 'when: subject.score < 900'));
  return p;
};

describe('standing scheme simulate', () => {
  beforeAll(async () => {
    expect((await standing(['init'])).code).toBe(0);
    for (const a of ['flight.board', 'internet.bandwidth', 'education.enroll', 'rental.deposit'])
      expect((await standing(['grant', 'city', a])).code).toBe(0);
    expect((await standing(['share', 'court', 'city', '--purpose', 'Convictions count'])).code).toBe(0);
    const records = [
      ...generateCity({
        persons: 300,
        businesses: 10,
        seed: 5,
        start: Date.parse('2023-01-01T00:00:00Z'),
        end: Date.parse(NOW),
      }),
    ]
      .filter((e) => e.type === 'record')
      .map((e) => e.record)
      .filter((r) => r.authority === 'city' || r.authority === 'court');
    const file = join(dir, 'records.ndjson');
    writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n'));
    expect((await standing(['import', file])).code).toBe(0);
    const pub = await standing([
      'scheme',
      'publish',
      new URL('../../examples/city-citizen.yaml', import.meta.url).pathname,
    ]);
    expect(pub.code, pub.err).toBe(0);
    const admin = await standing(['account', 'add', 'city-admin', '--authority', 'city', '--roles', 'admin']);
    expect(admin.code, admin.err).toBe(0);
  }, 120_000);

  it('prints the comparison and writes nothing', async () => {
    const before = snapshot();
    const r = await standing(['scheme', 'simulate', draft(), '--as', 'city-admin']);
    expect(r.code, r.err).toBe(0);
    if (process.env.PRINT) console.log(r.out);
    expect(r.out).toMatch(/draft city-citizen@2 against city-citizen@1 of city/);
    expect(r.out).toMatch(/Transitions/);
    expect(r.out).toMatch(/higher-education-bar \(blacklist, changed\)/);
    expect(r.out).toMatch(/Proportionality report/);
    expect(snapshot()).toEqual(before);
  });

  it('gives one JSON document, at a bare date, against a named version', async () => {
    const before = snapshot();
    const r = await standing([
      'scheme',
      'simulate',
      draft(),
      '--json',
      '--at',
      '2026-03-01',
      '--against',
      'city-citizen@1',
    ]);
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(r.out) as { at: string; against: unknown; lists: { list: string }[] };
    expect(doc.at).toBe('2026-03-01T00:00:00.000Z');
    expect(doc.against).toEqual({ scheme: 'city-citizen', version: 1 });
    expect(doc.lists.map((l) => l.list)).toContain('higher-education-bar');
    expect(snapshot()).toEqual(before);
  });

  it('backtests month by month as a table', async () => {
    const before = snapshot();
    const r = await standing([
      'scheme',
      'simulate',
      draft(),
      '--from',
      '2026-01-01',
      '--to',
      '2026-04-01',
      '--step',
      'P1M',
    ]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/backtest/);
    for (const m of ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01']) expect(r.out).toContain(m);
    expect(snapshot()).toEqual(before);
    const bad = await standing(['scheme', 'simulate', draft(), '--from', '2026-01-01']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/both --from and --to/);
  });

  it('stops at STANDING_SIMULATION_TIMEOUT_MS with SIMULATION_TIMED_OUT', async () => {
    const backtest = ['scheme', 'simulate', draft(), '--from', '2023-01-01', '--to', '2026-06-01', '--step', 'P1M'];
    // 42 monthly steps cannot be judged in a millisecond: stopped after a page, between steps.
    const r = await standing(backtest, { STANDING_SIMULATION_TIMEOUT_MS: '1' });
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('SIMULATION_TIMED_OUT');
    expect(r.out).toBe('');
    // Within the limit, the same backtest is printed.
    const ok = await standing(backtest, { STANDING_SIMULATION_TIMEOUT_MS: '600000' });
    expect(ok.code, ok.err).toBe(0);
  });
});
