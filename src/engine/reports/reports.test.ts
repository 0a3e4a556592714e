import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { isStandingError } from '../../core/errors.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { ACTIONS, describeStores, testEngineOn } from '../../test-support/engine.js';
import { verifyAudit } from '../audit/audit.js';
import { manualClock } from '../clock.js';
import type { EngineDeps } from '../deps.js';
import { decideDispute, fileDispute } from '../due-process/disputes.js';
import { subjectFilePart } from '../due-process/subject-file.js';
import { publishScheme } from '../evaluation/publish.js';
import { actingAs, addAccount } from '../tenancy/accounts.js';
import { createApiKey } from '../tenancy/auth.js';
import type { Principal } from '../../core/principal.js';
import {
  decideReport,
  fileReport,
  myReports,
  PUBLIC_REPORTER,
  reportQueue,
  reportsSettings,
  setReports,
  type FileReportInput,
} from './reports.js';

const T0 = Date.parse('2026-06-01T09:00:00Z');
const DAY = 86_400_000;
const SUBJECT = 'person:sam';

const CITY = `
scheme: civic
authority: city
context: civic
subjects: [person]
score: { base: 100, min: 0, max: 200 }
grades: [{ id: A, min: 100 }, { id: B }]
rules:
  - { id: littering, when: 'record.kind == "civic.littering"', points: -10 }
`;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isStandingError(e)) return `${e.code}${e.at.field ? `@${e.at.field}` : ''}`;
    throw e;
  }
  return 'no error';
}

type Deps = EngineDeps & { clock: { advance(ms: number): void } };

async function setUp(deps: Deps): Promise<Deps> {
  await publishScheme(deps, CITY);
  await addAccount(deps, { name: 'pat', roles: ['subject'], subject: 'person:pat' });
  await addAccount(deps, { name: 'sam', roles: ['subject'], subject: SUBJECT });
  await addAccount(deps, { name: 'city-rev', roles: ['reviewer'], authority: 'city' });
  await addAccount(deps, { name: 'city-rev2', roles: ['reviewer'], authority: 'city' });
  await addAccount(deps, { name: 'acme-admin', roles: ['admin'], authority: 'acme' });
  return deps;
}

const litter = (as: FileReportInput['as'], over: Partial<FileReportInput> = {}): FileReportInput => ({
  authority: 'city',
  subject: SUBJECT,
  kind: 'civic.littering',
  occurredAt: new Date(T0 - 3_600_000).toISOString(),
  data: { place: 'Main St' },
  description: 'Dropped a bag of rubbish by the fountain.',
  as,
  ...over,
});

const staffKey = (authority: string, key: string, roles: Principal extends never ? never : string[]): Principal => ({
  type: 'staff',
  authority,
  roles: roles as never,
  account: null,
  key,
});

describeStores('reports from the public', (store) => {
  it('are closed by default; the operator opens an authority, audited, and the setting is public', async () => {
    const deps = await setUp(await testEngineOn(store, T0));
    expect(await codeOf(fileReport(deps, litter(await actingAs(deps, 'pat'))))).toBe('REPORTS_CLOSED@authority');
    expect(await setReports(deps, 'city', { open: true, perDay: 3 })).toBe(true);
    expect(await setReports(deps, 'city', { open: true, perDay: 3 })).toBe(false);
    expect((await reportsSettings(deps)).find((s) => s.authority === 'city')).toEqual({
      authority: 'city',
      open: true,
      perDay: 3,
    });
    expect((await reportsSettings(deps)).find((s) => s.authority === 'acme')?.open).toBe(false);
    const r = await fileReport(deps, litter(await actingAs(deps, 'pat')));
    expect(r).toMatchObject({ state: 'open', reporter: 'pat', reporterAuthority: null, recordKey: null });
    // Not a record: nothing about the subject yet.
    expect(await subjectFilePart(deps, SUBJECT, 'records')).toEqual([]);
    expect((await myReports(deps, await actingAs(deps, 'pat'))).map((x) => x.id)).toEqual([r.id]);
    expect(await myReports(deps, await actingAs(deps, 'sam'))).toEqual([]);
  });

  it('refuses bad input with stable codes naming the field, and a reporter reporting itself', async () => {
    const deps = await setUp(await testEngineOn(store, T0));
    await setReports(deps, 'city', { open: true });
    expect(await codeOf(fileReport(deps, litter(await actingAs(deps, 'pat'), { description: 'x'.repeat(2001) })))).toBe(
      'REPORT_INVALID@description',
    );
    expect(await codeOf(fileReport(deps, litter(await actingAs(deps, 'sam'))))).toBe('REPORT_INVALID@subject');
    expect(await codeOf(fileReport(deps, litter(await actingAs(deps, 'pat'), { subject: 'cat:tom' })))).toBe(
      'RECORD_FIELD_INVALID@subject',
    );
    expect(await codeOf(fileReport(deps, litter(await actingAs(deps, 'pat'), { kind: 'Littering!' })))).toBe(
      'RECORD_FIELD_INVALID@kind',
    );
    expect(
      await codeOf(fileReport(deps, litter(await actingAs(deps, 'pat'), { data: { blob: 'x'.repeat(17_000) } }))),
    ).toBe('RECORD_DATA_TOO_LARGE@data');
    expect(
      await codeOf(
        fileReport(deps, litter(await actingAs(deps, 'pat'), { occurredAt: new Date(T0 + DAY).toISOString() })),
      ),
    ).toBe('RECORD_IN_FUTURE@occurredAt');
    // An unknown account is refused where the CLI turns `--as` into a principal.
    expect(await codeOf(actingAs(deps, 'nobody'))).toBe('ACCOUNT_NOT_FOUND@as');
    expect(await codeOf(fileReport(deps, litter({ type: 'anonymous' })))).toBe('UNAUTHENTICATED');
  });

  it('limits each reporter to the authority’s reports a day', async () => {
    const deps = await setUp(await testEngineOn(store, T0));
    await setReports(deps, 'city', { open: true, perDay: 2 });
    await fileReport(deps, litter(await actingAs(deps, 'pat')));
    await fileReport(deps, litter(await actingAs(deps, 'pat')));
    expect(await codeOf(fileReport(deps, litter(await actingAs(deps, 'pat'))))).toBe('REPORT_RATE_LIMITED@as');
    // Another reporter has its own allowance.
    await fileReport(deps, litter(await actingAs(deps, 'acme-admin')));
    deps.clock.advance(DAY + 1);
    await fileReport(deps, litter(await actingAs(deps, 'pat'), { occurredAt: new Date(T0).toISOString() }));
  });

  it('accepts with reasons into a record submitted by the reviewer, shown as reported by the public; rejection is final', async () => {
    const deps = await setUp(await testEngineOn(store, T0));
    await setReports(deps, 'city', { open: true });
    const a = await fileReport(deps, litter(await actingAs(deps, 'pat')));
    deps.clock.advance(1000);
    const b = await fileReport(deps, litter(await actingAs(deps, 'pat'), { description: 'Again, I think.' }));
    deps.clock.advance(1000);
    const key = await createApiKey(deps, { authority: 'acme', roles: ['reporter'], label: 'platform' });
    const c = await fileReport(deps, litter(staffKey('acme', key.id, ['reporter']), { data: { place: 'Acme' } }));
    expect(c).toMatchObject({ reporter: `key:${key.id}`, reporterAuthority: 'acme' });

    // Only human reviewers of the authority see the queue.
    expect(await codeOf(reportQueue(deps, { authority: 'city', as: await actingAs(deps, 'pat') }))).toBe(
      'FORBIDDEN@as',
    );
    expect(await codeOf(reportQueue(deps, { authority: 'city', as: staffKey('city', 'k1', ['reviewer']) }))).toBe(
      'REVIEWER_MUST_BE_HUMAN@as',
    );
    const queue = await reportQueue(deps, { authority: 'city', as: await actingAs(deps, 'city-rev') });
    expect(queue.map((q) => q.id)).toEqual([a.id, b.id, c.id]);
    expect(queue[0]).toMatchObject({ reporterDecided: 0, reporterAcceptanceRate: null });

    expect(
      await codeOf(
        decideReport(deps, { id: a.id, outcome: 'accept', reasons: ' ', as: await actingAs(deps, 'city-rev') }),
      ),
    ).toBe('STATEMENT_INVALID@reasons');
    const accepted = await decideReport(deps, {
      id: a.id,
      outcome: 'accept',
      reasons: 'Camera footage confirms it.',
      as: await actingAs(deps, 'city-rev'),
    });
    expect(accepted).toMatchObject({ state: 'accepted', recordKey: `report-${a.id}` });
    await decideReport(deps, {
      id: b.id,
      outcome: 'reject',
      reasons: 'A duplicate of an earlier report.',
      as: await actingAs(deps, 'city-rev'),
    });
    await decideReport(deps, {
      id: c.id,
      outcome: 'accept',
      reasons: 'Acme’s own camera.',
      as: await actingAs(deps, 'city-rev'),
    });

    // Final: a second decision fails either way.
    expect(
      await codeOf(
        decideReport(deps, {
          id: b.id,
          outcome: 'accept',
          reasons: 'On reflection.',
          as: await actingAs(deps, 'city-rev2'),
        }),
      ),
    ).toBe('REPORT_DECIDED@report');
    expect(
      await codeOf(
        decideReport(deps, { id: a.id, outcome: 'reject', reasons: 'Oops.', as: await actingAs(deps, 'city-rev') }),
      ),
    ).toBe('REPORT_DECIDED@report');

    const records = await subjectFilePart(deps, SUBJECT, 'records');
    // Report ids are random, so the records' order by key is too.
    expect(records.map((r) => [r.key, r.reportedBy]).sort()).toEqual(
      [
        [`report-${a.id}`, PUBLIC_REPORTER],
        [`report-${c.id}`, 'acme'],
      ].sort(),
    );
    const stored = await deps.store.transaction((tx) => tx.getRecord('city', `report-${a.id}`));
    expect(stored).toMatchObject({ submittedBy: 'city-rev', kind: 'civic.littering', subject: SUBJECT });
    // It counts, as any record: two littering records under the scheme.
    const schemes = await subjectFilePart(deps, SUBJECT, 'schemes');
    expect(schemes.find((s) => s.scheme === 'civic')?.score).toBe(80);

    // The reporter's acceptance rate: 1 of 2 decided.
    const d = await fileReport(deps, litter(await actingAs(deps, 'pat')));
    const q2 = await reportQueue(deps, { authority: 'city', as: await actingAs(deps, 'city-rev') });
    expect(q2.map((q) => [q.id, q.reporterAccepted, q.reporterDecided, q.reporterAcceptanceRate])).toEqual([
      [d.id, 1, 2, 0.5],
    ]);
    expect(
      (await reportQueue(deps, { authority: 'city', state: 'all', as: await actingAs(deps, 'city-rev') })).length,
    ).toBe(4);

    // The subject disputes the resulting record as any other.
    const dispute = await fileDispute(deps, {
      authority: 'city',
      key: `report-${a.id}`,
      statement: 'Not me.',
      as: await actingAs(deps, 'sam'),
    });
    await decideDispute(deps, {
      dispute: dispute.id,
      outcome: 'retract',
      reasons: 'Wrong person.',
      as: await actingAs(deps, 'city-rev2'),
    });
    const after = await subjectFilePart(deps, SUBJECT, 'records');
    expect(after.find((r) => r.key === `report-${a.id}`)?.retracted).not.toBeNull();

    expect((await verifyAudit(deps)).problems).toEqual([]);
  });

  it('lets no reporter review its own report, through a key it created either', async () => {
    const deps = await setUp(await testEngineOn(store, T0));
    await setReports(deps, 'city', { open: true });
    const own = await fileReport(deps, litter(await actingAs(deps, 'city-rev')));
    expect(own.reporterAuthority).toBe('city');
    expect(
      await codeOf(
        decideReport(deps, {
          id: own.id,
          outcome: 'accept',
          reasons: 'Saw it myself.',
          as: await actingAs(deps, 'city-rev'),
        }),
      ),
    ).toBe('REVIEW_CONFLICT@as');
    const reviewer = {
      type: 'staff',
      authority: 'city',
      roles: ['admin', 'reviewer'],
      account: 'city-rev2',
      key: null,
    } as const;
    const key = await createApiKey(deps, { authority: 'city', roles: ['reporter'] }, reviewer);
    const viaKey = await fileReport(deps, litter(staffKey('city', key.id, ['reporter'])));
    expect(
      await codeOf(
        decideReport(deps, { id: viaKey.id, outcome: 'reject', reasons: 'No.', as: await actingAs(deps, 'city-rev2') }),
      ),
    ).toBe('REVIEW_CONFLICT@as');
    // Another reviewer may.
    await decideReport(deps, {
      id: own.id,
      outcome: 'reject',
      reasons: 'No evidence.',
      as: await actingAs(deps, 'city-rev2'),
    });
    await decideReport(deps, {
      id: viaKey.id,
      outcome: 'reject',
      reasons: 'No evidence.',
      as: await actingAs(deps, 'city-rev'),
    });
  });
});

it('audit verify names a report decided, or a reports setting changed, behind the log', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'standing-reports-'));
  const path = join(dir, 'standing.db');
  const store = openSqliteStore(path, { create: true, actions: ACTIONS });
  try {
    const deps = await setUp({ store, clock: manualClock(T0) });
    await setReports(deps, 'city', { open: true });
    const r = await fileReport(deps, litter(await actingAs(deps, 'pat')));
    await decideReport(deps, {
      id: r.id,
      outcome: 'reject',
      reasons: 'Not enough to go on.',
      as: await actingAs(deps, 'city-rev'),
    });
    expect((await verifyAudit(deps)).problems).toEqual([]);
    const db = new Database(path);
    try {
      db.prepare("UPDATE reports SET state = 'accepted' WHERE id = ?").run(r.id);
      const found = (await verifyAudit(deps)).problems;
      expect(found.map((p) => [p.table, p.id])).toEqual([['reports', r.id]]);
      db.prepare("UPDATE reports SET state = 'rejected' WHERE id = ?").run(r.id);
      expect((await verifyAudit(deps)).problems).toEqual([]);
      db.prepare(`UPDATE meta SET value = '{"city":{"open":true,"perDay":9999}}' WHERE key = 'reports_settings'`).run();
      expect((await verifyAudit(deps)).problems.map((p) => [p.table, p.id])).toEqual([['reports_settings', 'city']]);
    } finally {
      db.close();
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
