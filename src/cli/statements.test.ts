import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { dsaStatementProblems, type DsaStatement } from '../core/dsa-statement.js';
import { CITY_TEST_SCHEME } from '../test-support/city-test-scheme.js';
import type { Output } from './output.js';
import { runCli } from './program.js';

const dir = mkdtempSync(join(tmpdir(), 'standing-statements-'));
const db = join(dir, 'standing.db');

async function standing(now: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const output: Output = { out: (t) => (out += t), err: (t) => (err += t), isTTY: false };
  const code = await runCli([...args, '--db', db], () => loadConfig({ STANDING_NOW: now }), output);
  return { code, out, err };
}

describe('statements of reasons and decision ids on the CLI', () => {
  beforeAll(async () => {
    const t = '2026-03-01T00:00:00Z';
    expect((await standing(t, 'init')).code).toBe(0);
    expect((await standing(t, 'grant', 'city', 'flight.board')).code).toBe(0);
    const scheme = join(dir, 'city.yaml');
    writeFileSync(scheme, CITY_TEST_SCHEME);
    expect((await standing(t, 'scheme', 'publish', scheme)).code).toBe(0);
    const records = join(dir, 'r.ndjson');
    writeFileSync(
      records,
      ['J-1', 'J-2']
        .map((key) =>
          JSON.stringify({ key, authority: 'city', subject: 'person:pat', kind: 'traffic.jaywalking', occurredAt: t }),
        )
        .join('\n'),
    );
    expect((await standing(t, 'import', records)).code).toBe(0);
    expect((await standing(t, 'party', 'add', 'skyways')).code).toBe(0);
    expect((await standing(t, 'entitle', 'skyways', 'flight.board')).code).toBe(0);
  });

  it('check --json carries a decision id and the scheme versions; `standing decision` and the access log find it', async () => {
    const later = '2026-03-20T00:00:00Z';
    const r = await standing(later, 'check', 'person:pat', 'flight.board', '--party', 'skyways', '--json');
    expect(r.code).toBe(0);
    const answer = JSON.parse(r.out) as { decision: string; effect: string; schemes: unknown[] };
    expect(answer.effect).toBe('deny');
    expect(answer.schemes).toEqual([{ authority: 'city', scheme: 'city-test', version: 1 }]);
    const found = await standing(later, 'decision', answer.decision, '--json');
    expect(JSON.parse(found.out)).toEqual({
      decision: answer.decision,
      subject: 'person:pat',
      party: 'skyways',
      action: 'flight.board',
      effect: 'deny',
      at: '2026-03-20T00:00:00.000Z',
    });
    expect((await standing(later, 'access-log', 'person:pat')).out).toContain(answer.decision);
    const text = await standing(later, 'check', 'person:pat', 'flight.board');
    expect(text.out).toMatch(/^decision [0-9a-f-]{36}, resting on city\/city-test v1$/m);
    const missing = await standing(later, 'decision', 'no-such-id');
    expect(missing.code).not.toBe(0);
    expect(missing.err).toMatch(/DECISION_NOT_FOUND/);
  });

  it('notices export --format dsa-tdb writes one valid statement per line, filtered by --since and --authority', async () => {
    const later = '2026-03-20T00:00:00Z';
    const r = await standing(later, 'notices', 'export', '--format', 'dsa-tdb');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const s = JSON.parse(lines[0]!) as DsaStatement;
    expect(dsaStatementProblems(s)).toEqual([]);
    expect(s).toMatchObject({ decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT', application_date: '2026-03-13' });
    expect((await standing(later, 'notices', 'export', '--format', 'dsa-tdb', '--since', '2026-03-02')).out).toBe('');
    expect((await standing(later, 'notices', 'export', '--format', 'dsa-tdb', '--authority', 'town')).out).toBe('');
    const bad = await standing(later, 'notices', 'export', '--format', 'csv');
    expect(bad.err).toMatch(/ARGUMENT_INVALID/);
    // A subject's notices still read as before.
    expect((await standing(later, 'notices', 'person:pat')).out).toMatch(/Ground \(legal\): Municipal Regulation 7/);
  });
});
