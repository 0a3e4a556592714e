import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { CITY_TEST_SCHEME } from '../test-support/city-test-scheme.js';
import type { Output } from './output.js';
import { runCli } from './program.js';

const dir = mkdtempSync(join(tmpdir(), 'standing-listing-'));
const db = join(dir, 'test.db');

async function standing(args: string[], now = '2026-06-01T00:00:00Z') {
  let out = '';
  let err = '';
  const output: Output = { out: (t) => (out += t), err: (t) => (err += t), isTTY: false };
  const code = await runCli([...args, '--db', db], () => loadConfig({ STANDING_NOW: now }), output);
  return { code, out, err };
}

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const SCHEME = `${CITY_TEST_SCHEME.replace('scheme: city-test', 'scheme: city-court')}  - id: court-order
    title: Travel ban by court order
    type: blacklist
    manual: true
    maxTerm: P90D
    sanctions:
      - action: flight.board
        effect: deny
        justification: A court ordered the subject not to leave the city
        basis: Code of Civil Procedure art. 255
`;

const line = (o: Record<string, unknown>): string =>
  JSON.stringify({
    scheme: 'city-court',
    list: 'court-order',
    reason: 'Ordered not to travel',
    basis: 'CCP art. 255',
    ...o,
  });

describe('standing listing', () => {
  beforeAll(async () => {
    expect((await standing(['init'])).code).toBe(0);
    expect((await standing(['grant', 'city', 'flight.board'])).code).toBe(0);
    expect((await standing(['scheme', 'publish', file('court.yaml', SCHEME)])).code).toBe(0);
    expect((await standing(['account', 'add', 'ada', '--roles', 'admin', '--authority', 'city'])).code).toBe(0);
    expect((await standing(['account', 'add', 'rev', '--roles', 'reviewer', '--authority', 'city'])).code).toBe(0);
  });

  it('adds one listing by decision, which the subject is noticed of; a reviewer may not add one', async () => {
    const args = [
      'listing',
      'add',
      'person:ann',
      '--scheme',
      'city-court',
      '--list',
      'court-order',
      '--reason',
      'Ordered not to travel pending trial',
      '--basis',
      'CCP art. 255',
      '--evidence',
      'https://court.example/o/1',
      '--term',
      'P30D',
      '--key',
      'O-1',
    ];
    const denied = await standing([...args, '--as', 'rev']);
    expect(denied.code).not.toBe(0);
    expect(denied.err).toMatch(/FORBIDDEN/);
    const added = await standing([...args, '--as', 'ada', '--json']);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.out)).toMatchObject({ outcome: 'opened', key: 'O-1', state: 'noticed' });
    const notices = await standing(['notices', 'person:ann']);
    expect(notices.out).toMatch(/Decision O-1 by ada: Ordered not to travel pending trial/);
    const long = await standing([...args.slice(0, -4), '--term', 'P1Y', '--key', 'O-2', '--as', 'ada']);
    expect(long.err).toMatch(/TERM_TOO_LONG/);
  });

  it('imports NDJSON: bad lines reported by line number and code, good ones kept, a re-import changes nothing', async () => {
    const path = file(
      'decisions.ndjson',
      [
        line({ key: 'N-1', subject: 'person:bob' }),
        '',
        '{not json',
        line({ key: 'N-2', subject: 'person:cy', evidence: 'not-a-url' }),
        line({ key: 'N-3', subject: 'person:dee', list: 'air-travel-ban' }),
        line({ key: 'N-4', subject: 'person:eve', term: 'P10D' }),
      ].join('\n'),
    );
    const first = await standing(['listing', 'import', path, '--as', 'ada']);
    expect(first.code).toBe(1);
    expect(first.err).toMatch(/decisions\.ndjson:3: DECISION_INVALID/);
    expect(first.err).toMatch(/decisions\.ndjson:4: DECISION_INVALID: evidence/);
    expect(first.err).toMatch(/decisions\.ndjson:5: LIST_NOT_MANUAL/);
    expect(first.out).toMatch(/opened\s+│\s+2 │/);
    expect(first.out).toMatch(/rejected\s+│\s+3 │/);
    const again = await standing(['listing', 'import', path, '--as', 'ada', '--json']);
    const summary = again.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { summary?: unknown })
      .find((x) => x.summary)!.summary;
    expect(summary).toEqual({ opened: 0, unchanged: 2, rejected: 3 });
  });

  it('imports CSV with a header by extension; a key reused with other content is a conflict', async () => {
    const path = file(
      'decisions.csv',
      [
        'key,subject,scheme,list,reason,basis,term',
        'C-1,person:fay,city-court,court-order,"Ordered, by the court, not to travel",CCP art. 255,P60D',
        'C-2,person:gus,city-court,court-order,,CCP art. 255,',
        'N-1,person:bob,city-court,court-order,Another reason,CCP art. 255,',
      ].join('\n'),
    );
    const r = await standing(['listing', 'import', path, '--as', 'ada', '--json']);
    expect(r.code).toBe(1);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, { line?: number; code?: string; outcome?: string }>);
    expect(lines.filter((l) => l.rejected).map((l) => [l.rejected!.line, l.rejected!.code])).toEqual([
      [3, 'DECISION_INVALID'],
      [4, 'DECISION_CONFLICT'],
    ]);
    expect(lines.filter((l) => l.listing).map((l) => l.listing!.outcome)).toEqual(['opened']);
    const header = await standing(['listing', 'import', file('bad.csv', 'subject,scheme,colour\n'), '--as', 'ada']);
    expect(header.err).toMatch(/bad\.csv:1: CSV_HEADER_INVALID: CSV header: unknown column "colour"/);
  });
});
