import { expect, it } from 'vitest';
import { fileDispute } from '../due-process/disputes.js';
import { actingAs, addAccount } from '../tenancy/accounts.js';
import { describeStores, linesOf, testEngineOn } from '../../test-support/engine.js';
import { verifyAudit } from '../audit/audit.js';
import type { EngineDeps } from '../deps.js';
import { importRecords } from './ingest.js';
import { grantShare } from '../tenancy/sharing.js';
import { publishScheme } from '../evaluation/publish.js';
import { applyRetention, retentionPolicies, setRetention } from './retention.js';
import { sweep } from '../evaluation/sweep.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-06-01T00:00:00Z');

// Jaywalking lapses after a year; fraud never does; other kinds match no rule. City's and court's records are read.
const SCHEME = `
scheme: retention-test
authority: city
context: civic
sources: [city, court]
subjects: [person]
score: { base: 100 }
grades:
  - { id: A, min: 60 }
  - { id: D }
rules:
  - id: jaywalking
    when: record.kind == "traffic.jaywalking"
    points: -10
    lapse: P1Y
  - id: fraud
    when: record.kind == "civic.fraud"
    points: -50
`;

const rec = (key: string, subject: string, kind: string, daysAgo: number, authority = 'city') => ({
  key,
  authority,
  subject,
  kind,
  occurredAt: new Date(T0 - daysAgo * DAY).toISOString(),
  data: {},
});

async function setUp(store: Parameters<typeof testEngineOn>[0]) {
  const deps = await testEngineOn(store, T0);
  await grantShare(deps, { from: 'court', to: 'city', purpose: 'Convictions count in the civic score' });
  await publishScheme(deps, SCHEME);
  const counts = await importRecords(
    deps,
    linesOf([
      rec('J-old', 'person:a', 'traffic.jaywalking', 400), // lapsed 35 days ago
      rec('J-new', 'person:a', 'traffic.jaywalking', 100), // still counts
      rec('F-1', 'person:b', 'civic.fraud', 800), // a rule without lapse: never lapses
      rec('X-1', 'person:c', 'misc.other', 800), // no rule matches: stays live for ever
      rec('O-1', 'org:x', 'traffic.jaywalking', 800), // no scheme judges orgs: nothing reads it
      rec('J-disp', 'person:d', 'traffic.jaywalking', 400), // lapsed, but disputed
      rec('C-1', 'person:e', 'traffic.jaywalking', 800, 'court'), // court has no policy
    ]),
  );
  expect(counts.rejected).toBe(0);
  // Filed as the subject would, so that it is audited like any dispute.
  await addAccount(deps, { name: 'subject-d', roles: ['subject'], subject: 'person:d' });
  await fileDispute(deps, {
    authority: 'city',
    key: 'J-disp',
    statement: 'Not me.',
    as: await actingAs(deps, 'subject-d'),
  });
  await sweep(deps);
  return deps;
}

const keys = async (deps: EngineDeps): Promise<string[]> =>
  (await deps.store.transaction((tx) => tx.recordsAfterId(0, 100))).map((r) => `${r.authority}/${r.key}`);
const scoreOf = async (deps: EngineDeps, subject: string): Promise<number | null | undefined> =>
  (
    await deps.store.transaction((tx) => tx.statesAfter({ authority: 'city', scheme: 'retention-test' }, null, 100))
  ).find((s) => s.subject === subject)?.score;

describeStores('record retention (SPEC §2)', (store) => {
  it('keeps everything without a policy', async () => {
    const deps = await setUp(store);
    expect(await applyRetention(deps)).toEqual([]);
    expect(await keys(deps)).toHaveLength(7);
  });

  it('deletes what has lapsed under every scheme that reads it, after the grace period, audited', async () => {
    const deps = await setUp(store);
    const before = await scoreOf(deps, 'person:a');
    // 60 days of grace: J-old lapsed only 35 days ago; O-1 (read by no scheme) is long past it.
    expect(await setRetention(deps, 'city', 'P60D')).toBe(true);
    expect(await setRetention(deps, 'city', 'P60D')).toBe(false);
    const dry = await applyRetention(deps, { dryRun: true });
    expect(dry).toEqual([{ authority: 'city', examined: 6, deleted: [{ key: 'O-1', subject: 'org:x' }] }]);
    expect(await keys(deps)).toHaveLength(7);

    await setRetention(deps, 'city', 'P30D');
    const [done] = await applyRetention(deps);
    expect(done!.deleted.map((d) => d.key).sort()).toEqual(['J-old', 'O-1']);
    expect(await keys(deps)).toEqual(['city/J-new', 'city/F-1', 'city/X-1', 'city/J-disp', 'court/C-1']);
    // A lapsed record no longer counted: the re-derived score is the same.
    await sweep(deps);
    expect(await scoreOf(deps, 'person:a')).toBe(before);
    expect(before).toBe(90);

    const report = await verifyAudit(deps);
    expect(report.problems).toEqual([]);
    const entries = await deps.store.transaction((tx) => tx.auditEntries('city', 0, 1000));
    const deletions = entries
      .filter((e) => e.type === 'record-deletion')
      .map((e) => JSON.parse(e.payload) as { records: { key: string; hash: string }[] });
    expect(deletions).toHaveLength(1);
    expect(deletions[0]!.records.map((r) => r.key).sort()).toEqual(['J-old', 'O-1']);
    expect(entries.filter((e) => e.type === 'retention').map((e) => JSON.parse(e.payload) as unknown)).toEqual([
      { afterLapse: 'P60D' },
      { afterLapse: 'P30D' },
    ]);
  });

  it('is applied by the sweep once a day, and cleared back to keeping everything', async () => {
    const deps = await setUp(store);
    await setRetention(deps, 'city', 'P0D');
    expect((await sweep(deps)).deleted).toBe(2);
    expect((await retentionPolicies(deps))[0]).toEqual({ authority: 'city', afterLapse: 'P0D', appliedAt: T0 });
    // J-new lapses 265 days from now: the sweep deletes it on the first sweep a day after its lapse.
    deps.clock.advance(265 * DAY + 1);
    expect((await sweep(deps)).deleted).toBe(1);
    await importRecords(deps, linesOf([rec('J-late', 'person:f', 'traffic.jaywalking', 800)]));
    expect((await sweep(deps)).deleted).toBe(0);
    deps.clock.advance(DAY);
    expect(await setRetention(deps, 'city', null)).toBe(true);
    expect((await sweep(deps)).deleted).toBe(0);
    expect(await retentionPolicies(deps)).toEqual([]);
    expect(await keys(deps)).toContain('city/J-late');
  });

  it('refuses an unknown authority or a malformed duration, changing nothing', async () => {
    const deps = await setUp(store);
    await expect(setRetention(deps, 'nobody', 'P30D')).rejects.toMatchObject({ code: 'AUTHORITY_NOT_FOUND' });
    await expect(setRetention(deps, 'city', '30 days')).rejects.toMatchObject({ code: 'DURATION_INVALID' });
    await expect(setRetention(deps, 'City', 'P30D')).rejects.toMatchObject({ code: 'AUTHORITY_INVALID' });
    expect(await retentionPolicies(deps)).toEqual([]);
  });
});
