import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { systemClock } from '../engine/clock.js';
import { call, realApp } from '../test-support/http.js';
import type { App } from '../http/app.js';
import type { Output } from './output.js';
import { runCli } from './program.js';

// A new user's first hour (README word for word): the demo, its hints, its pipes, its people.
const NOW = '2026-06-01T12:00:00Z';
const dir = mkdtempSync(join(tmpdir(), 'standing-newcomer-'));
const demoDb = join(dir, 'demo.db');
const bin = new URL('../../bin/standing.js', import.meta.url).pathname;
const example = (name: string): string => new URL(`../../examples/${name}.yaml`, import.meta.url).pathname;

interface Ran {
  code: number;
  out: string;
  err: string;
}

async function standing(args: string[], now = NOW, isTTY = false): Promise<Ran> {
  let out = '';
  let err = '';
  const output: Output = { out: (t) => (out += t), err: (t) => (err += t), isTTY };
  const code = await runCli(args, () => loadConfig({ STANDING_NOW: now }), output);
  return { code, out, err };
}

/** The compiled executable, as a user runs it; `closeAfterFirst` closes our end of its stdout at the first bytes, as `| head` does. */
function exe(args: string[], opts: { cwd?: string; closeAfterFirst?: boolean } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, STANDING_NOW: NOW };
    delete env.STANDING_DB;
    const child = spawn(process.execPath, [bin, ...args], { cwd: opts.cwd ?? dir, env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (opts.closeAfterFirst) child.stdout.destroy();
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

let summary: Ran;

describe('a newcomer with the demo', () => {
  beforeAll(async () => {
    summary = await standing(['demo', '--db', demoDb, '--persons', '3000', '--no-serve']);
    expect(summary.code, summary.err).toBe(0);
  }, 120_000);

  it('ends quietly with exit 0 when the reader of its output goes away (`scores … | head`)', async () => {
    const r = await exe(['scores', '--scheme', 'city-citizen', '--db', demoDb], { closeAfterFirst: true });
    expect(r.out).toMatch(/^\{"subject":"(person|org):/);
    expect(r.err).not.toMatch(/EPIPE|Error/);
    expect(r.code).toBe(0);
  }, 60_000);

  it('says how to sign in, and the demo passwords work when the database is served later', async () => {
    expect(summary.out).toMatch(/every password is standing-demo/);
    expect(summary.out).toMatch(/npx standing key create --party airline --db /);
    const store: Store = openSqliteStore(demoDb);
    let app: App | undefined;
    try {
      app = await realApp({ store, clock: systemClock });
      for (const account of ['city-reviewer', 'city-admin']) {
        const res = await call(app, 'POST', '/v1/sessions', undefined, { account, password: 'standing-demo' });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
      }
      const subject = /│ subject (person:\S+)\s+│ (\S+)/.exec(summary.out);
      expect(subject).not.toBeNull();
      const res = await call(app, 'POST', '/v1/sessions', undefined, {
        account: subject![2],
        password: 'standing-demo',
      });
      expect(res.status).toBe(201);
      const key = /relying party airline \(flight\.board\)\s+│\s+│ (stk_\S+)/.exec(summary.out);
      expect(key).not.toBeNull();
      const check = await call(
        app,
        'POST',
        '/v1/checks',
        { type: 'key', secret: key![1]! },
        {
          subject: subject![1],
          action: 'flight.board',
        },
      );
      expect(check.status, JSON.stringify(check.body)).toBe(200);
    } finally {
      await app?.close();
      await store.close();
    }
  });

  it('prints hints that run as pasted: npx, the database, persons as well as organisations', async () => {
    const hints = [...summary.out.matchAll(/^ {2}(npx standing notices (\S+) .*?)\s+#/gm)];
    expect(hints.some((h) => h[2]!.startsWith('person:'))).toBe(true);
    expect(hints.some((h) => h[2]!.startsWith('org:'))).toBe(true);
    expect(summary.out).not.toMatch(/^\s*standing /m);
    const args = hints[0]![1]!.split(/\s+/).slice(2);
    const r = await standing(args);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/listings/);
  });

  it('has a review queue due over the next days, not all overdue, with time left, filters and pages', async () => {
    const json = await standing([
      'review',
      'list',
      '--as',
      'city-reviewer',
      '--db',
      demoDb,
      '--json',
      '--limit',
      '1000',
    ]);
    const q = JSON.parse(json.out) as {
      total: number;
      appeals: { deadline: number; list: string; statement: string }[];
    };
    const now = Date.parse(NOW);
    const left = q.appeals.map((a) => a.deadline - now);
    expect(left.some((ms) => ms > 0 && ms <= 86_400_000)).toBe(true);
    expect(left.some((ms) => ms > 86_400_000 && ms <= 3 * 86_400_000)).toBe(true);
    expect(left.some((ms) => ms > 5 * 86_400_000)).toBe(true);
    expect(left.filter((ms) => ms <= 0).length).toBeLessThan(left.length / 4);
    expect(new Set(q.appeals.map((a) => a.statement)).size).toBeGreaterThan(2);

    const text = await standing(['review', 'list', '--as', 'city-reviewer', '--db', demoDb]);
    expect(text.out).toMatch(/│ in \d+ (days|h \d+ min)\s+│/);
    const page = await standing(['review', 'list', '--as', 'city-reviewer', '--db', demoDb, '--limit', '2']);
    expect(page.out).toMatch(new RegExp(`^${q.total} pending appeals \\(1–2 shown`));
    const list = q.appeals[0]!.list;
    const only = JSON.parse(
      (await standing(['review', 'list', '--as', 'city-reviewer', '--db', demoDb, '--json', '--list', list])).out,
    ) as { appeals: { list: string }[] };
    expect(only.appeals.length).toBeGreaterThan(0);
    expect(only.appeals.every((a) => a.list === list)).toBe(true);
    const soon = JSON.parse(
      (
        await standing([
          'review',
          'list',
          '--as',
          'city-reviewer',
          '--db',
          demoDb,
          '--json',
          '--due-before',
          '2026-06-03',
        ])
      ).out,
    ) as { appeals: { deadline: number }[] };
    expect(soon.appeals.length).toBeGreaterThan(0);
    expect(soon.appeals.every((a) => a.deadline <= Date.parse('2026-06-03T00:00:00Z'))).toBe(true);
  });

  it('pages and filters the queue over HTTP', async () => {
    const store: Store = openSqliteStore(demoDb);
    let app: App | undefined;
    try {
      app = await realApp({ store, clock: systemClock });
      const res = await call(app, 'POST', '/v1/sessions', undefined, {
        account: 'city-reviewer',
        password: 'standing-demo',
      });
      const who = { type: 'session' as const, token: String(res.body.token) };
      const all = await call(app, 'GET', '/v1/review/queue', who);
      expect(all.status).toBe(200);
      const total = all.body.total as number;
      expect(total).toBeGreaterThan(2);
      const page = await call(app, 'GET', '/v1/review/queue?limit=2&offset=1', who);
      expect(page.body).toMatchObject({ total, offset: 1, limit: 2 });
      expect((page.body.appeals as unknown[]).length).toBe(2);
      const deadlines = (all.body.appeals as { deadline: string }[]).map((a) => Date.parse(a.deadline));
      expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));
      const list = (all.body.lists as { id: string; title: string }[])[0]!.id;
      const one = await call(app, 'GET', `/v1/review/queue?list=${list}&state=pending`, who);
      expect((one.body.appeals as { list: string }[]).every((a) => a.list === list)).toBe(true);
      // One display name per list: the title when the list has one, else its id in words, wherever it is shown.
      const lists = all.body.lists as { id: string; title: string }[];
      const air = lists.find((l) => l.id === 'air-travel-ban');
      if (air) expect(air.title).toBe('Restricted from air travel');
      for (const l of lists) expect(l.title).toMatch(/^[A-Z]/);
      const listing = (all.body.appeals as { listing: number; listTitle: string }[])[0]!;
      const view = await call(app, 'GET', `/v1/listings/${listing.listing}`, who);
      expect(view.body.listTitle).toBe(listing.listTitle);
      expect((await call(app, 'GET', '/v1/review/queue?state=lost', who)).status).toBe(400);
    } finally {
      await app?.close();
      await store.close();
    }
  });

  it('tells staff plainly that nothing is held about an unknown subject (exit 3, 404 SUBJECT_UNKNOWN)', async () => {
    const explain = await standing(['explain', 'person:999', '--scheme', 'city-citizen', '--db', demoDb]);
    expect(explain.code).toBe(3);
    expect(explain.err).toMatch(/SUBJECT_UNKNOWN: nothing is held about person:999/);
    expect(explain.out).toBe('');
    const notices = await standing(['notices', 'person:11010119900307123', '--db', demoDb]);
    expect(notices.code).toBe(3);
    expect(notices.err).toMatch(/SUBJECT_UNKNOWN/);
    const store: Store = openSqliteStore(demoDb);
    let app: App | undefined;
    try {
      app = await realApp({ store, clock: systemClock });
      const res = await call(app, 'POST', '/v1/sessions', undefined, {
        account: 'city-admin',
        password: 'standing-demo',
      });
      const who = { type: 'session' as const, token: String(res.body.token) };
      const unknown = await call(app, 'GET', '/v1/schemes/city/city-citizen/subjects/person:999', who);
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('SUBJECT_UNKNOWN');
      const bad = await call(app, 'GET', '/v1/schemes/city/city-citizen/subjects/nobody', who);
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/not a subject id \(person:… or org:…/);
      expect(bad.body.message).not.toMatch(/\^|\$|\\s/);
    } finally {
      await app?.close();
      await store.close();
    }
  });

  it('points to the demo database when the default one is missing and the demo is in the folder', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'standing-folder-'));
    writeFileSync(join(folder, 'standing-demo.db'), '');
    const r = await exe(['scheme', 'list'], { cwd: folder });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/DB_NOT_FOUND.*--db \.\/standing-demo\.db.*STANDING_DB=\.\/standing-demo\.db/);
  }, 30_000);
});

describe('a statement of reasons names the records a list condition holds through', () => {
  const db = join(dir, 'reasons.db');
  const run = (...args: string[]): Promise<Ran> => standing([...args, '--db', db]);

  beforeAll(async () => {
    expect((await run('init')).code).toBe(0);
    for (const a of ['flight.board', 'internet.bandwidth', 'education.enroll', 'rental.deposit'])
      expect((await run('grant', 'city', a)).code).toBe(0);
    expect((await run('share', 'court', 'city', '--purpose', 'Court records in civic scores')).code).toBe(0);
    expect((await run('scheme', 'publish', example('city-citizen'))).code).toBe(0);
    const lines = [
      {
        key: 'J-1',
        authority: 'court',
        subject: 'person:j',
        kind: 'court.judgment_unfulfilled',
        occurredAt: '2026-05-01T00:00:00Z',
        data: { amount: 5000 },
      },
      {
        key: 'T-1',
        authority: 'city',
        subject: 'person:j',
        kind: 'traffic.jaywalking',
        occurredAt: '2026-05-02T00:00:00Z',
      },
    ];
    const file = join(dir, 'reasons.ndjson');
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    expect((await run('import', file)).code).toBe(0);
  });

  afterAll(() => undefined);

  it('in the notice and in explain, with its authority, beside the scored contributions', async () => {
    const n = await run('notices', 'person:j');
    expect(n.code, n.err).toBe(0);
    expect(n.out).toMatch(/air-travel-ban/);
    expect(n.out).toMatch(/The condition holds through this record:\n {2}- court\/J-1 \(reported by court\)/);
    const json = JSON.parse((await run('notices', 'person:j', '--json')).out) as {
      inbox: { kind: string; body: { facts: { listConditions: { id: string; records?: string[] }[] } } }[];
    };
    const notice = json.inbox.find((m) => m.kind === 'notice')!;
    expect(notice.body.facts.listConditions.find((c) => c.id === 'air-travel-ban')?.records).toEqual(['court/J-1']);
    const x = await run('explain', 'person:j', '--scheme', 'city-citizen');
    expect(x.out).toMatch(/air-travel-ban holds through court\/J-1 \(reported by court\)/);
  });

  it("uses the list's one display name in notices and says why candidates count no points", async () => {
    const n = await run('notices', 'person:j');
    expect(n.out).toMatch(/│ Restricted from air travel\s+│/);
    expect(n.out).toMatch(/on the blacklist "Restricted from air travel" \(air-travel-ban\)/);
    const x = await run('explain', 'person:j', '--scheme', 'city-citizen');
    expect(x.out).toMatch(/· 2 candidate records/);
    expect(x.out).toMatch(/1 of the 2 candidate records counts no points: it matched no rule, lapsed/);
  });

  it('shows audit verify progress on a terminal only, on stderr', async () => {
    const tty = await standing(['audit', 'verify', '--db', db], NOW, true);
    expect(tty.code).toBe(0);
    expect(tty.err).toMatch(/audit verify: recomputing the hash chains/);
    expect(tty.out).toMatch(/audit log verified/);
    const pipe = await standing(['audit', 'verify', '--db', db]);
    expect(pipe.err).toBe('');
  });

  it("names a list condition and a grade as such in errors, and a YAML error's line once", async () => {
    const bad = join(dir, 'bad-list.yaml');
    writeFileSync(
      bad,
      'scheme: bad2\ncontext: civic\nrules:\n  - id: r1\n    when: record.kind == "x"\n    points: 1\ngrades:\n  - id: top\n    when: subject.score >\nlists:\n  - id: watch\n    type: watchlist\n    when: subject.score <\n',
    );
    const r = await standing(['scheme', 'check', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/list condition watch/);
    expect(r.err).toMatch(/grade top/);
    expect(r.err).not.toMatch(/rule (watch|top)/);
    const yaml = join(dir, 'bad.yaml');
    writeFileSync(yaml, 'scheme: bad\ncontext: civic\nrules:\n  - id: r1\n    when: [unclosed\n    points: 1\n');
    const y = await standing(['scheme', 'check', yaml]);
    expect(y.err).toMatch(/SCHEME_YAML_INVALID: .*\(line \d+\)/);
    expect(y.err).not.toMatch(/line (\d+).*line \1/);
  });

  it('accepts a bare date for --at as midnight UTC', async () => {
    const r = await run('explain', 'person:j', '--scheme', 'city-citizen', '--at', '2026-05-02', '--json');
    expect(r.code, r.err).toBe(0);
    expect((JSON.parse(r.out) as { at: string }).at).toBe('2026-05-02T00:00:00.000Z');
    expect((await run('explain', 'person:j', '--scheme', 'city-citizen', '--at', '2026-02-30')).err).toMatch(
      /INSTANT_INVALID.*not a real date/,
    );
  });

  it('names the list by its display name in a check, once its sanctions apply (last: it moves the clock)', async () => {
    const later = '2026-07-01T12:00:00Z';
    const at = (...args: string[]): Promise<Ran> => standing([...args, '--db', db], later);
    expect((await at('party', 'add', 'airline')).code).toBe(0);
    expect((await at('entitle', 'airline', 'flight.board')).code).toBe(0);
    const c = await at('check', 'person:j', 'flight.board', '--party', 'airline');
    expect(c.code, c.err).toBe(0);
    expect(c.out).toMatch(/^deny: flight\.board for person:j/);
    expect(c.out).toMatch(/│ Restricted from air travel\s+│ city-citizen\s+│ city/);
  });
});
