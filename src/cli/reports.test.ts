import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { CITY_TEST_SCHEME } from '../test-support/city-test-scheme.js';
import type { Output } from './output.js';
import { runCli } from './program.js';

const dir = mkdtempSync(join(tmpdir(), 'standing-reports-'));
const db = join(dir, 'test.db');

async function standing(args: string[], now = '2026-06-01T00:00:00Z') {
  let out = '';
  let err = '';
  const output: Output = { out: (t) => (out += t), err: (t) => (err += t), isTTY: false };
  const code = await runCli([...args, '--db', db], () => loadConfig({ STANDING_NOW: now }), output);
  return { code, out, err };
}

const report = (as: string) => [
  'report',
  'file',
  'person:ann',
  '--authority',
  'city',
  '--kind',
  'traffic.jaywalking',
  '--occurred-at',
  '2026-05-31T10:00:00Z',
  '--data',
  '{"street":"Main St"}',
  '--description',
  'Crossed against the red light',
  '--as',
  as,
  '--json',
];

describe('standing report and review reports', () => {
  beforeAll(async () => {
    expect((await standing(['init'])).code).toBe(0);
    expect((await standing(['grant', 'city', 'flight.board'])).code).toBe(0);
    const scheme = join(dir, 'city.yaml');
    writeFileSync(scheme, CITY_TEST_SCHEME);
    expect((await standing(['scheme', 'publish', scheme])).code).toBe(0);
    expect((await standing(['account', 'add', 'bob', '--roles', 'subject', '--subject', 'person:bob'])).code).toBe(0);
    expect((await standing(['account', 'add', 'rev', '--roles', 'reviewer', '--authority', 'city'])).code).toBe(0);
  });

  it('files to an open authority only, queues for a reviewer, accepts into a record shown as reported by the public', async () => {
    const closed = await standing(report('bob'));
    expect(closed.code).not.toBe(0);
    expect(closed.err).toMatch(/REPORTS_CLOSED/);
    const opened = await standing(['authority', 'reports', 'city', 'open', '--per-day', '2']);
    expect(opened.out).toMatch(/city now accepts reports from the public \(at most 2 per reporter a day\)/);
    expect((await standing(['authority', 'reports', '--json'])).out).toContain('"open": true');

    const filed = await standing(report('bob'));
    expect(filed.code).toBe(0);
    const id = (JSON.parse(filed.out) as { id: string }).id;
    expect((await standing(report('bob'))).code).toBe(0);
    const limited = await standing(report('bob'));
    expect(limited.err).toMatch(/REPORT_RATE_LIMITED/);

    const queue = await standing(['review', 'reports', '--as', 'rev']);
    expect(queue.code).toBe(0);
    expect(queue.out).toContain(id);
    expect(queue.out).toMatch(/the public/);
    const denied = await standing(['review', 'reports', '--as', 'bob', '--authority', 'city']);
    expect(denied.err).toMatch(/FORBIDDEN/);

    const accepted = await standing([
      'review',
      'report',
      id,
      '--outcome',
      'accept',
      '--reasons',
      'Seen on the camera',
      '--as',
      'rev',
    ]);
    expect(accepted.out).toContain(`record city/report-${id} about person:ann`);
    const again = await standing(['review', 'report', id, '--outcome', 'reject', '--reasons', 'No', '--as', 'rev']);
    expect(again.err).toMatch(/REPORT_DECIDED/);

    const mine = await standing(['report', 'list', '--as', 'bob', '--json']);
    expect((JSON.parse(mine.out) as { state: string }[]).map((r) => r.state).sort()).toEqual(['accepted', 'open']);
    expect((await standing(['audit', 'verify'])).code).toBe(0);
  });
});
