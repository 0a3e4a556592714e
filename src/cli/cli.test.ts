import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import type { Output } from './output.js';
import { runCli } from './program.js';

const dir = mkdtempSync(join(tmpdir(), 'standing-cli-'));
const db = join(dir, 'test.db');
const example = (name: string): string => new URL(`../../examples/${name}.yaml`, import.meta.url).pathname;

interface Ran {
  code: number;
  out: string;
  err: string;
}

async function standing(args: string[], now = '2026-06-01T00:00:00Z'): Promise<Ran> {
  let out = '';
  let err = '';
  const output: Output = { out: (t) => (out += t), err: (t) => (err += t), isTTY: false };
  const code = await runCli(
    [
      ...args,
      ...(args.includes('--db') || args[0] === 'demo' || (args[0] === 'scheme' && args[1] === 'check')
        ? []
        : ['--db', db]),
    ],
    () => loadConfig({ STANDING_NOW: now }),
    output,
  );
  return { code, out, err };
}

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('standing CLI', () => {
  beforeAll(async () => {
    expect((await standing(['init'])).code).toBe(0);
    for (const a of ['flight.board', 'internet.bandwidth', 'education.enroll', 'rental.deposit'])
      expect((await standing(['grant', 'city', a])).code).toBe(0);
  });

  it('checks a scheme: the proportionality report, and exit 1 naming the line when invalid', async () => {
    const ok = await standing(['scheme', 'check', example('city-citizen')]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/air-travel-ban/);
    expect(ok.out).toMatch(/flight\.board/);
    // Every sanction has a maximum term: the list's own or the operator's default; none is unbounded.
    expect(ok.out).toMatch(/air-travel-ban \(blacklist\)\s+flight\.board\s+deny\s+.*\s+P1Y\s+P1Y\s/);
    expect(ok.out).toMatch(/bandwidth-limit \(blacklist\).*P5Y \(default\)/);
    expect(ok.out).not.toMatch(/unbounded/);
    const bad = file(
      'bad.yaml',
      'scheme: bad\ncontext: civic\nrules:\n  - id: r1\n    when: record.kind ==\n    points: 1\nlists:\n  - id: l\n    type: blacklist\n    when: "true"\n    sanctions:\n      - { action: flight.board, effect: deny }\n',
    );
    const r = await standing(['scheme', 'check', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/SCHEME_EXPRESSION_INVALID.*rule r1.*line 5/);
    expect(r.err).toMatch(/SCHEME_SANCTION_UNJUSTIFIED/);
  });

  it('refuses to publish a scheme whose sanctions are not granted, then publishes once granted', async () => {
    const court = await standing(['scheme', 'publish', example('court-debtors')]);
    expect(court.code).toBe(1);
    expect(court.err).toMatch(/SCHEME_ACTION_NOT_GRANTED/);
    // The city reads court records only once the operator has let it, for a purpose.
    const unshared = await standing(['scheme', 'publish', example('city-citizen')]);
    expect(unshared.code).toBe(1);
    expect(unshared.err).toMatch(/SOURCE_NOT_SHARED.*court/);
    const shared = await standing([
      'share',
      'court',
      'city',
      '--purpose',
      'Theft convictions count in the civic score',
    ]);
    expect(shared.code, shared.err).toBe(0);
    expect(shared.out).toMatch(/court shares its records with city/);
    const city = await standing(['scheme', 'publish', example('city-citizen')]);
    expect(city.code).toBe(0);
    expect(city.out).toMatch(/published city-citizen@1/);
    const again = await standing(['scheme', 'publish', example('city-citizen')]);
    expect(again.out).toMatch(/nothing changed/);
  });

  it('imports NDJSON keeping good lines, reporting every bad one by line, exit 1; re-import is idempotent', async () => {
    const lines = [
      {
        key: 'TP-1',
        authority: 'city',
        subject: 'person:b',
        kind: 'traffic.violation',
        occurredAt: '2026-03-01T08:00:00Z',
        data: { severity: 3 },
      },
      'this is not json',
      {
        key: 'TP-2',
        authority: 'city',
        subject: 'person:a',
        kind: 'traffic.jaywalking',
        occurredAt: '2026-03-02T08:00:00Z',
      },
      {
        key: 'TP-3',
        authority: 'city',
        subject: 'nobody',
        kind: 'traffic.jaywalking',
        occurredAt: '2026-03-02T08:00:00Z',
      },
      {
        key: 'TP-4',
        authority: 'city',
        subject: 'person:B',
        kind: 'civic.volunteering',
        occurredAt: '2026-03-02T08:00:00Z',
        data: { hours: 30 },
      },
    ];
    const p = file('r.ndjson', lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
    const r = await standing(['import', p]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/r\.ndjson:2: RECORD_JSON_INVALID/);
    expect(r.err).toMatch(/r\.ndjson:4: RECORD_FIELD_INVALID.*subject/);
    expect(r.err).toMatch(/3 records imported, 0 already present, 2 rejected/);
    const again = await standing(['import', p]);
    expect(again.err).toMatch(/0 records imported, 3 already present, 2 rejected/);
    const conflict = file('c.ndjson', JSON.stringify({ ...(lines[0] as object), data: { severity: 5 } }));
    const c = await standing(['import', conflict]);
    expect(c.code).toBe(1);
    expect(c.err).toMatch(/c\.ndjson:1: RECORD_CONFLICT/);
  });

  it('imports CSV with data columns', async () => {
    const p = file(
      'r.csv',
      'key,subject,kind,occurredAt,authority,severity\nTP-9,person:c,traffic.violation,2026-03-05T00:00:00Z,city,2\n',
    );
    const r = await standing(['import', p]);
    expect(r.code).toBe(0);
    const x = await standing(['explain', 'person:c', '--scheme', 'city-citizen', '--json']);
    expect(JSON.parse(x.out)).toMatchObject({
      score: 980,
      contributions: [{ key: 'TP-9', rule: 'bad-driving', points: -20, capped: -20 }],
    });
  });

  it('explains as a table and as JSON, at an instant', async () => {
    const t = await standing(['explain', 'person:b', '--scheme', 'city-citizen']);
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/Score 970/);
    expect(t.out).toMatch(/bad-driving/);
    expect(t.out).toMatch(/air-travel-ban/);
    const before = JSON.parse(
      (await standing(['explain', 'person:b', '--scheme', 'city-citizen', '--json', '--at', '2026-02-01T00:00:00Z']))
        .out,
    ) as { score: number; candidates: number };
    expect(before).toMatchObject({ score: 1000, candidates: 0 });
  });

  it('explains in Simplified Chinese with --lang zh-CN (the scheme’s own translations too); JSON stays the same', async () => {
    const zh = await standing(['explain', 'person:b', '--scheme', 'city-citizen', '--lang', 'zh-CN']);
    expect(zh.code).toBe(0);
    expect(zh.out).toMatch(/^person:b，依据 city 的方案 city-citizen@1 \(公民诚信\)/);
    expect(zh.out).toMatch(/分数 970（基础分 1000, min 0, max 1300）/);
    expect(zh.out).toMatch(/名单/);
    const en = await standing(['explain', 'person:b', '--scheme', 'city-citizen']);
    expect(en.out).toMatch(/^person:b under city-citizen@1 of city \(Citizen trustworthiness\)/);
    expect(en.out).not.toMatch(/[\u4e00-\u9fff]/);
    const json = await standing(['explain', 'person:b', '--scheme', 'city-citizen', '--json']);
    const jsonZh = await standing(['explain', 'person:b', '--scheme', 'city-citizen', '--json', '--lang', 'zh-CN']);
    expect(jsonZh.out).toBe(json.out);
  });

  it('prints scores sorted by subject id in code-point order, as ndjson and csv', async () => {
    const r = await standing(['scores', '--scheme', 'city-citizen']);
    const subjects = r.out
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { subject: string }).subject);
    expect(subjects).toEqual(['person:B', 'person:a', 'person:b', 'person:c']);
    expect(JSON.parse(r.out.split('\n')[0]!)).toEqual({
      subject: 'person:B',
      score: 1050,
      grade: 'AAA',
      lists: ['honour-roll'],
    });
    const csv = await standing(['scores', '--scheme', 'city-citizen', '--format', 'csv']);
    expect(csv.out.split('\n')[0]).toBe('subject,score,grade,lists');
    expect(csv.out).toMatch(/person:B,1050,AAA,honour-roll/);
  });

  it('retracts a record with a reason and re-evaluates its subject', async () => {
    const r = await standing(['retract', 'TP-1', '--authority', 'city', '--reason', 'wrong plate']);
    expect(r.code).toBe(0);
    const x = JSON.parse((await standing(['explain', 'person:b', '--scheme', 'city-citizen', '--json'])).out) as {
      score: number;
    };
    expect(x.score).toBe(1000);
    expect((await standing(['retract', 'TP-1', '--authority', 'city', '--reason', 'again'])).err).toMatch(
      /RECORD_ALREADY_RETRACTED/,
    );
  });

  it('gives clear errors for bad arguments', async () => {
    expect((await standing(['explain', 'nobody', '--scheme', 'city-citizen'])).err).toMatch(/SUBJECT_INVALID/);
    expect((await standing(['explain', 'person:a', '--scheme', 'nope'])).err).toMatch(/SCHEME_NOT_FOUND/);
    expect((await standing(['explain', 'person:a', '--scheme', 'city-citizen', '--at', 'yesterday'])).err).toMatch(
      /INSTANT_INVALID/,
    );
    expect((await standing(['import', join(dir, 'missing.ndjson')])).err).toMatch(/FILE_NOT_FOUND/);
    expect((await standing(['scores', '--scheme', 'city-citizen', '--db', join(dir, 'none.db')])).err).toMatch(
      /DB_NOT_FOUND/,
    );
    expect((await standing(['init'])).err).toMatch(/DB_EXISTS/);
  });

  it('builds the seed city with listings in every state and refuses to overwrite it', async () => {
    const demoDb = join(dir, 'demo.db');
    const r = await standing(['demo', '--db', demoDb, '--persons', '3000', '--no-serve']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/city-citizen@1 of city: \d+ subjects judged/);
    for (const state of ['noticed', 'active', 'suspended', 'ended'])
      expect(r.out).toMatch(new RegExp(`│ ${state}\\s+│\\s+\\d+`));
    expect(r.out).toMatch(/│ pending\s+│\s+[1-9]/);
    expect(r.out).toMatch(/checks in the access log/);
    expect(r.out).toContain('Reports from the public: 4 filed, 2 accepted, 1 rejected, 1 open.');
    // SPEC §12: a shadow version under test that diverges, and a version the publish gate holds for a second admin.
    expect(r.out).toMatch(
      /Shadow versions: 1 under test, [1-9]\d* subjects diverge; 1 version pending approval \(city-citizen@3;/,
    );
    const again = await standing(['demo', '--db', demoDb, '--persons', '3000', '--no-serve']);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/DB_EXISTS/);
    expect(readFileSync(demoDb).length).toBeGreaterThan(0);
  });

  it('keeps records forever by default; a retention policy deletes lapsed ones, listed first by a dry run, audited', async () => {
    const rdb = join(dir, 'retention.db');
    const at = (now: string, ...args: string[]): Promise<Ran> => standing([...args, '--db', rdb], now);
    expect((await at('2026-06-01T00:00:00Z', 'init')).code).toBe(0);
    for (const a of ['flight.board', 'internet.bandwidth', 'education.enroll', 'rental.deposit'])
      await at('2026-06-01T00:00:00Z', 'grant', 'city', a);
    await at('2026-06-01T00:00:00Z', 'share', 'court', 'city', '--purpose', 'Theft convictions count');
    await at('2026-06-01T00:00:00Z', 'scheme', 'publish', example('city-citizen'));
    const lines = [
      {
        key: 'J-1',
        authority: 'city',
        subject: 'person:a',
        kind: 'traffic.jaywalking',
        occurredAt: '2026-03-01T00:00:00Z',
      },
      {
        key: 'V-1',
        authority: 'city',
        subject: 'person:a',
        kind: 'traffic.violation',
        occurredAt: '2026-03-01T00:00:00Z',
        data: { severity: 2 },
      },
    ];
    expect(
      (await at('2026-06-01T00:00:00Z', 'import', file('ret.ndjson', lines.map((l) => JSON.stringify(l)).join('\n'))))
        .code,
    ).toBe(0);
    expect((await at('2026-06-01T00:00:00Z', 'retention')).out).toMatch(/every record is kept forever/);
    expect((await at('2026-06-01T00:00:00Z', 'retention', 'set', 'city', '--after-lapse', '30 days')).err).toMatch(
      /DURATION_INVALID/,
    );
    expect((await at('2026-06-01T00:00:00Z', 'retention', 'set', 'tax', '--after-lapse', 'P30D')).err).toMatch(
      /AUTHORITY_NOT_FOUND/,
    );
    expect((await at('2026-06-01T00:00:00Z', 'retention', 'set', 'city', '--after-lapse', 'P30D')).out).toMatch(
      /city: records are deleted P30D after/,
    );
    // A year and a month later the jaywalking has lapsed (P1Y) and its 30 days have passed; the violation (P3Y) has not.
    const dry = await at('2027-04-01T00:00:00Z', 'retention', 'apply', '--dry-run', '--json');
    expect(JSON.parse(dry.out)).toEqual({
      dryRun: true,
      results: [{ authority: 'city', examined: 2, deleted: [{ key: 'J-1', subject: 'person:a' }] }],
    });
    const list = JSON.parse((await at('2027-04-01T00:00:00Z', 'retention', 'list', '--json')).out) as {
      policies: { authority: string; afterLapse: string }[];
    };
    expect(list.policies).toMatchObject([{ authority: 'city', afterLapse: 'P30D' }]);
    // Every command sweeps first, and the sweep applies the policy (once a day): the list above already deleted J-1.
    expect((await at('2027-04-01T00:00:00Z', 'retention', 'apply')).out).toMatch(/│ city\s+│ 1\s+│ 0\s+│/);
    expect((await at('2027-04-01T00:00:00Z', 'audit', 'verify')).code).toBe(0);
    const file1 = JSON.parse(
      (await at('2027-04-01T00:00:00Z', 'explain', 'person:a', '--scheme', 'city-citizen', '--json')).out,
    ) as { liveRecords: string[] };
    expect(file1.liveRecords).toEqual(['city/V-1']);
    expect((await at('2027-04-01T00:00:00Z', 'retention', 'clear', 'city')).out).toMatch(/kept forever/);
  });

  it('sets an authority’s dispute deadline (audited); past it a disputed record stops counting, marked disputed in explain and the queue', async () => {
    const ddb = join(dir, 'deadlines.db');
    const at = (now: string, ...args: string[]): Promise<Ran> => standing([...args, '--db', ddb], now);
    const t0 = '2026-06-01T00:00:00Z';
    expect((await at(t0, 'init')).code).toBe(0);
    for (const a of ['flight.board', 'internet.bandwidth', 'education.enroll', 'rental.deposit'])
      await at(t0, 'grant', 'city', a);
    await at(t0, 'share', 'court', 'city', '--purpose', 'Theft convictions count');
    expect((await at(t0, 'scheme', 'publish', example('city-citizen'))).code).toBe(0);
    const lines = ['J-1', 'J-2'].map((key) => ({
      key,
      authority: 'city',
      subject: 'person:a',
      kind: 'traffic.jaywalking',
      occurredAt: '2026-05-01T00:00:00Z',
    }));
    expect((await at(t0, 'import', file('dd.ndjson', lines.map((l) => JSON.stringify(l)).join('\n')))).code).toBe(0);
    expect((await at(t0, 'authority', 'dispute-deadline')).out).toMatch(/city\s+│ P30D \(default\)/);
    expect((await at(t0, 'authority', 'dispute-deadline', 'city', '30 days')).err).toMatch(/DURATION_INVALID/);
    expect((await at(t0, 'authority', 'dispute-deadline', 'tax', 'P7D')).err).toMatch(/AUTHORITY_NOT_FOUND/);
    expect((await at(t0, 'authority', 'dispute-deadline', 'city', 'P7D')).out).toMatch(/within P7D/);
    expect(JSON.parse((await at(t0, 'authority', 'dispute-deadline', 'city', '--json')).out)).toEqual([
      { authority: 'city', duration: 'P7D', set: true },
    ]);
    await at(t0, 'account', 'add', 'a', '--roles', 'subject', '--subject', 'person:a');
    await at(t0, 'account', 'add', 'vic', '--roles', 'reviewer', '--authority', 'city');
    const filed = await at(t0, 'dispute', 'J-2', '--authority', 'city', '--statement', 'Not me.', '--as', 'a');
    expect(filed.out).toMatch(/dispute 1 filed on record city\/J-2; city must decide by 2026-06-08T00:00:00/);
    const explain = (now: string) => at(now, 'explain', 'person:a', '--scheme', 'city-citizen');
    const before = await explain('2026-06-07T23:00:00Z');
    expect(before.out).toMatch(/J-2 .*disputed/);
    expect(before.out).toMatch(
      /city\/J-2 disputed: city must decide by 2026-06-08T00:00:00.000Z; it counts until then/,
    );
    expect(before.out).toMatch(/Next change by time alone: 2026-06-08T00:00:00/);
    const after = await at('2026-06-09T00:00:00Z', 'explain', 'person:a', '--scheme', 'city-citizen', '--json');
    const x = JSON.parse(after.out) as { contributions: { key: string }[]; disputed: unknown[] };
    expect(x.contributions.map((c) => c.key)).toEqual(['J-1']);
    expect(x.disputed).toEqual([
      { record: 'city/J-2', dispute: 1, deadline: '2026-06-08T00:00:00.000Z', overdue: true },
    ]);
    expect((await at('2026-06-09T00:00:00Z', 'review', 'list', '--as', 'vic')).out).toMatch(
      /city\/J-2 \(disputed\).*2026-06-08T00:00:00.*overdue, not counted/,
    );
    expect((await at('2026-06-09T00:00:00Z', 'audit', 'verify')).code).toBe(0);
  });

  it('asks for a second instance after an upheld appeal; another reviewer overturns it; names and clears an appeal body', async () => {
    const sdb = join(dir, 'second.db');
    const at = (now: string, ...args: string[]): Promise<Ran> => standing([...args, '--db', sdb], now);
    const t0 = '2026-06-01T00:00:00Z';
    expect((await at(t0, 'init')).code).toBe(0);
    for (const a of ['flight.board', 'internet.bandwidth', 'education.enroll', 'rental.deposit'])
      await at(t0, 'grant', 'city', a);
    await at(t0, 'share', 'court', 'city', '--purpose', 'Theft convictions count');
    expect((await at(t0, 'scheme', 'publish', example('city-citizen'))).code).toBe(0);
    const rec = {
      key: 'U-1',
      authority: 'city',
      subject: 'person:b',
      kind: 'court.judgment_unfulfilled',
      occurredAt: t0,
    };
    expect((await at(t0, 'import', file('si.ndjson', JSON.stringify(rec)))).code).toBe(0);
    await at(t0, 'account', 'add', 'b', '--roles', 'subject', '--subject', 'person:b');
    await at(t0, 'account', 'add', 'vic', '--roles', 'reviewer', '--authority', 'city');
    await at(t0, 'account', 'add', 'val', '--roles', 'reviewer', '--authority', 'city');
    expect((await at('2026-06-02T00:00:00Z', 'appeal', '1', '--statement', 'Paid.', '--as', 'b')).code).toBe(0);
    expect(
      (await at('2026-06-02T00:00:00Z', 'second-instance', '1', '--statement', 'Again.', '--as', 'b')).err,
    ).toMatch(/SECOND_INSTANCE_UNAVAILABLE/);
    await at(
      '2026-06-14T00:00:00Z',
      'review',
      'appeal',
      '1',
      '--outcome',
      'uphold',
      '--reasons',
      'Unpaid.',
      '--as',
      'vic',
    );
    const asked = await at('2026-06-15T00:00:00Z', 'second-instance', '1', '--statement', 'It was paid.', '--as', 'b');
    expect(asked.out).toMatch(/second instance 1 of appeal 1 asked: a reviewer of city other than vic decides/);
    expect((await at('2026-06-15T00:00:00Z', 'review', 'second-instances', '--as', 'val')).out).toMatch(
      /person:b.*city.*vic.*pending/,
    );
    const wrong = await at(
      '2026-06-16T00:00:00Z',
      'review',
      'second-instance',
      '1',
      '--outcome',
      'overturn',
      '--reasons',
      'Paid.',
      '--as',
      'vic',
    );
    expect(wrong.err).toMatch(/SECOND_INSTANCE_REVIEWER/);
    const ok = await at(
      '2026-06-16T00:00:00Z',
      'review',
      'second-instance',
      '1',
      '--outcome',
      'overturn',
      '--reasons',
      'Paid.',
      '--as',
      'val',
    );
    expect(ok.out).toMatch(
      /second instance 1 overturned by val; listing 1 ended, subject exempted; relying parties told: none/,
    );
    expect((await at('2026-06-16T00:00:00Z', 'authority', 'appeal-body', 'city', 'court')).out).toMatch(
      /go to reviewers of court/,
    );
    expect(JSON.parse((await at('2026-06-16T00:00:00Z', 'authority', 'appeal-body', 'city', '--json')).out)).toEqual([
      { authority: 'city', body: 'court' },
    ]);
    expect((await at('2026-06-16T00:00:00Z', 'authority', 'appeal-body', 'city', '--clear')).out).toMatch(
      /no appeal body/,
    );
    expect((await at('2026-06-16T00:00:00Z', 'audit', 'verify')).code).toBe(0);
  });

  it('lists and revokes data-sharing grants; only a registrar issues enrolment codes', async () => {
    const sdb = join(dir, 'tenancy.db');
    const at = (...args: string[]): Promise<Ran> => standing([...args, '--db', sdb]);
    expect((await at('init')).code).toBe(0);
    expect((await at('share', 'court', 'acme', '--purpose', 'Judgments inform deposits')).code).toBe(0);
    expect((await at('share', 'court', 'acme')).err).toMatch(/ARGUMENT_INVALID/);
    const listed = JSON.parse((await at('share', 'list', '--json')).out) as unknown[];
    expect(listed).toEqual([
      {
        from: 'court',
        to: 'acme',
        purpose: 'Judgments inform deposits',
        grantedAt: '2026-06-01T00:00:00.000Z',
        revokedAt: null,
      },
    ]);
    expect((await at('share', 'court', 'acme', '--revoke')).out).toMatch(/revoked/);
    const again = await at('share', 'court', 'acme', '--revoke');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/SHARE_NOT_FOUND/);
    expect((await at('share', 'list')).out).toMatch(/│ court\s+│ acme\s+│ Judgments inform deposits/);

    expect((await at('account', 'add', 'ann', '--roles', 'admin', '--authority', 'city')).code).toBe(0);
    expect((await at('account', 'add', 'bad', '--roles', 'registrar,admin', '--authority', 'city')).err).toMatch(
      /ACCOUNT_INVALID/,
    );
    expect((await at('account', 'add', 'desk', '--roles', 'registrar')).code).toBe(0);
    const byAdmin = await at('enrol', 'issue', 'person:1', '--as', 'ann');
    expect(byAdmin.code).toBe(1);
    expect(byAdmin.err).toMatch(/FORBIDDEN/);
    const byDesk = await at('enrol', 'issue', 'person:1', '--as', 'desk');
    expect(byDesk.code, byDesk.err).toBe(0);
    expect(byDesk.err).toMatch(/valid once until 2026-06-02T00:00:00/);
    expect(byDesk.out).toMatch(/^[0-9A-Z]{10}\n$/);
  });
});
