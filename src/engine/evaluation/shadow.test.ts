import { expect, it } from 'vitest';
import { CITY_TEST_SCHEME } from '../../test-support/city-test-scheme.js';
import { describeStores, linesOf, testEngineOn, type TestStoreKind } from '../../test-support/engine.js';
import { verifyAudit } from '../audit/audit.js';
import { publicStatistics } from '../audit/transparency.js';
import { checkAction } from '../decisions/check.js';
import type { EngineDeps } from '../deps.js';
import { subjectFile } from '../due-process/subject-file.js';
import { importRecords } from '../ingest/ingest.js';
import { actingAs, addAccount } from '../tenancy/accounts.js';
import { addAuthority, createApiKey } from '../tenancy/auth.js';
import { grantAction } from '../tenancy/registry.js';
import { publishScheme } from './publish.js';
import {
  approvePending,
  candidatesOf,
  promoteShadow,
  publishGated,
  setPublishGate,
  withdrawCandidate,
} from './publish-gate.js';
import { compareShadow, publishShadow, SHADOWS_PER_AUTHORITY_MAX } from './shadow.js';
import { sweep } from './sweep.js';

const REF = { authority: 'city', scheme: 'city-test' };
/** One jaywalking record takes a person to D (and onto the air-travel ban) under this version, not under the live one. */
const HARSHER = CITY_TEST_SCHEME.replace('points: -40', 'points: -60');
/** The same list with its condition changed (§6: its listings end). */
const CHANGED = HARSHER.replace('when: subject.grade == "D"', 'when: subject.score < 50');

async function setUp(store: TestStoreKind): Promise<EngineDeps> {
  const deps = await testEngineOn(store, Date.parse('2026-03-01T00:00:00Z'));
  await addAuthority(deps, { name: 'city', kind: 'government' });
  await addAuthority(deps, { name: 'tax', kind: 'government' });
  await grantAction(deps, 'city', 'flight.board');
  await publishScheme(deps, CITY_TEST_SCHEME);
  await addAccount(deps, { name: 'ada', authority: 'city', roles: ['admin'] });
  await addAccount(deps, { name: 'bea', authority: 'city', roles: ['admin'] });
  await addAccount(deps, { name: 'rita', authority: 'city', roles: ['reporter'] });
  await addAccount(deps, { name: 'tom', authority: 'tax', roles: ['admin'] });
  return deps;
}

async function jaywalk(deps: EngineDeps, subject: string, key: string): Promise<void> {
  const raw = {
    key,
    authority: 'city',
    subject,
    kind: 'traffic.jaywalking',
    occurredAt: new Date(deps.clock.now()).toISOString(),
  };
  expect((await importRecords(deps, linesOf([raw]), { submittedBy: 'rita', onlyAuthority: 'city' })).rejected).toBe(0);
  await sweep(deps);
}

const listings = (deps: EngineDeps, subject: string) => deps.store.transaction((tx) => tx.listingsOfSubject(subject));
const inbox = (deps: EngineDeps, subject: string) => deps.store.transaction((tx) => tx.messagesOf(subject));
const states = (deps: EngineDeps) => deps.store.transaction((tx) => tx.statesAfter(REF, null, 100));
const flight = (deps: EngineDeps, subject: string) =>
  checkAction(deps, { subject, action: 'flight.board', party: null });

describeStores('shadow versions and the publish gate', (store) => {
  it('a shadow version never leaks: no listing, notice, check answer or public entry; the file says only "version under test"', async () => {
    const deps = await setUp(store);
    await jaywalk(deps, 'person:pat', 'j1');
    const shadow = await publishShadow(deps, HARSHER);
    expect(shadow).toMatchObject({ ref: REF, version: 2, subjects: 1 });
    // Imported after the shadow: evaluated beside the live version on the import's sweep.
    await jaywalk(deps, 'person:sam', 'j2');
    for (const s of ['person:pat', 'person:sam']) {
      expect(await listings(deps, s)).toEqual([]);
      expect(await inbox(deps, s)).toEqual([]);
      expect((await flight(deps, s)).effect).toBe('allow');
    }
    // The live states are the live version's: grade A, no list.
    expect((await states(deps)).map((s) => [s.subject, s.version, s.grade, s.lists])).toEqual([
      ['person:pat', 1, 'A', []],
      ['person:sam', 1, 'A', []],
    ]);
    const stats = (await publicStatistics(deps)).find((a) => a.authority === 'city');
    expect(stats?.listings).toEqual({ started: 0, ended: 0 });
    const file = await subjectFile(deps, 'person:pat');
    expect(file.schemes.map((j) => [j.version, j.grade, j.lists, j.versionUnderTest])).toEqual([[1, 'A', [], true]]);
    expect(JSON.stringify(file)).not.toContain('"D"');
    expect((await verifyAudit(deps)).ok).toBe(true);
  });

  it('compare finds the divergence with both explanations', async () => {
    const deps = await setUp(store);
    await jaywalk(deps, 'person:pat', 'j1');
    await publishShadow(deps, HARSHER);
    await jaywalk(deps, 'person:sam', 'j2');
    const c = await compareShadow(deps, 'city-test');
    expect(c).toMatchObject({
      liveVersion: 1,
      shadowVersion: 2,
      compared: 2,
      differing: 2,
      gradeChanges: 2,
      lists: [{ list: 'air-travel-ban', entering: 2, leaving: 0 }],
    });
    expect(c.subjects.map((d) => [d.subject, d.live?.grade, d.shadow?.grade, d.shadow?.lists])).toEqual([
      ['person:pat', 'A', 'D', ['air-travel-ban']],
      ['person:sam', 'A', 'D', ['air-travel-ban']],
    ]);
    expect(c.subjects[0]!.shadow?.contributions).toEqual([{ rule: 'jaywalking', record: 'city/j1', points: -60 }]);
    await expect(compareShadow(deps, 'city-test', { onlyAuthority: 'tax' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('promote does what publishing the same version does (new notices, §6), and the shadow states go', async () => {
    const promoted = await setUp(store);
    const published = await setUp(store);
    for (const deps of [promoted, published]) {
      await jaywalk(deps, 'person:pat', 'j1');
      await publishScheme(deps, CITY_TEST_SCHEME.replace('points: -40', 'points: -50'));
    }
    await publishShadow(promoted, CHANGED);
    const r = await promoteShadow(promoted, 'city-test@3');
    expect(r).toMatchObject({ status: 'live', version: 3, created: true });
    await publishScheme(published, CHANGED);
    const view = async (deps: EngineDeps) => ({
      states: (await states(deps)).map((s) => [s.subject, s.version, s.grade, s.lists]),
      listings: (await listings(deps, 'person:pat')).map((l) => [l.list, l.state, l.version]),
      inbox: (await inbox(deps, 'person:pat')).map((m) => m.kind),
      check: (await flight(deps, 'person:pat')).effect,
    });
    expect(await view(promoted)).toEqual(await view(published));
    // §6: the changed list's listing under version 2 ends; version 3 notices anew.
    expect((await view(promoted)).listings).toEqual([
      ['air-travel-ban', 'ended', 2],
      ['air-travel-ban', 'noticed', 3],
    ]);
    expect(await promoted.store.transaction((tx) => tx.shadowStatesAfter(REF, 3, null, 10))).toEqual([]);
    await expect(promoteShadow(promoted, 'city-test@3')).rejects.toMatchObject({ code: 'SCHEME_CANDIDATE_STATE' });
    expect((await verifyAudit(promoted)).ok).toBe(true);
  });

  it('the gate holds above the threshold, not below; a second admin of the authority approves, not the author', async () => {
    const deps = await setUp(store);
    await jaywalk(deps, 'person:pat', 'j1');
    await jaywalk(deps, 'person:sam', 'j2');
    // 2 notices among 2 judged: above the smaller of 100 and 1% of 2.
    const held = await publishGated(deps, HARSHER, { publishedBy: 'ada', onlyAuthority: 'city' });
    expect(held).toMatchObject({ status: 'pending', version: 2, gate: { opened: 2, ended: 0, judged: 2 } });
    expect((await states(deps)).map((s) => s.version)).toEqual([1, 1]);
    expect(await listings(deps, 'person:pat')).toEqual([]);
    await expect(approvePending(deps, 'city-test@2', await actingAs(deps, 'ada'))).rejects.toMatchObject({
      code: 'APPROVER_IS_AUTHOR',
    });
    await expect(approvePending(deps, 'city-test@2', await actingAs(deps, 'tom'))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(approvePending(deps, 'city-test@2', await actingAs(deps, 'rita'))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await listings(deps, 'person:pat')).toEqual([]);
    const ok = await approvePending(deps, 'city-test@2', await actingAs(deps, 'bea'));
    expect(ok).toMatchObject({ version: 2, created: true });
    expect((await listings(deps, 'person:pat')).map((l) => [l.list, l.state, l.version])).toEqual([
      ['air-travel-ban', 'noticed', 2],
    ]);
    await expect(approvePending(deps, 'city-test@2', await actingAs(deps, 'bea'))).rejects.toMatchObject({
      code: 'SCHEME_CANDIDATE_STATE',
    });
    // Below the threshold: the operator allows changes to up to 2 subjects; 2 ended is not above it.
    await setPublishGate(deps, 'city', { subjects: 2, percent: 100 });
    const below = await publishGated(deps, CITY_TEST_SCHEME, { publishedBy: 'ada', onlyAuthority: 'city' });
    expect(below).toMatchObject({ status: 'live', version: 3 });
    const entries = await deps.store.transaction((tx) => tx.auditEntries('city', 0, 10_000));
    expect(
      entries
        .filter((e) => e.type === 'scheme-candidate')
        .map((e) => (JSON.parse(e.payload) as { status: string }).status),
    ).toEqual(['pending', 'live']);
    expect((await verifyAudit(deps)).ok).toBe(true);
  });

  it('a promotion by an admin passes the gate too: held pending, its promoter cannot approve it', async () => {
    const deps = await setUp(store);
    await jaywalk(deps, 'person:pat', 'j1');
    await publishShadow(deps, HARSHER, { publishedBy: 'ada', onlyAuthority: 'city' });
    expect(await promoteShadow(deps, 'city-test@2', { as: await actingAs(deps, 'bea') })).toMatchObject({
      status: 'pending',
    });
    await expect(approvePending(deps, 'city-test@2', await actingAs(deps, 'bea'))).rejects.toMatchObject({
      code: 'APPROVER_IS_AUTHOR',
    });
    await expect(approvePending(deps, 'city-test@2', await actingAs(deps, 'ada'))).rejects.toMatchObject({
      code: 'APPROVER_IS_AUTHOR',
    });
    expect(await listings(deps, 'person:pat')).toEqual([]);
  });

  it('an admin cannot approve through a key, nor a version published with a key it created', async () => {
    const deps = await setUp(store);
    await jaywalk(deps, 'person:pat', 'j1');
    const ada = { type: 'staff', authority: 'city', roles: ['admin'], account: 'ada', key: null } as const;
    const key = await createApiKey(deps, { authority: 'city', roles: ['admin'] }, ada);
    const held = await publishGated(deps, HARSHER, { publishedBy: `key:${key.id}`, onlyAuthority: 'city' });
    expect(held.status).toBe('pending');
    await expect(approvePending(deps, 'city-test@2', await actingAs(deps, 'ada'))).rejects.toMatchObject({
      code: 'APPROVER_IS_AUTHOR',
    });
    const beaKey = { type: 'staff', authority: 'city', roles: ['admin'], account: null, key: 'k-bea' } as const;
    await expect(approvePending(deps, 'city-test@2', beaKey)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await approvePending(deps, 'city-test@2', await actingAs(deps, 'bea'))).toMatchObject({
      version: 2,
      created: true,
    });
  });

  it('an authority has at most three shadow versions at once; withdrawing one (audited) frees its place and stops its evaluation', async () => {
    const deps = await setUp(store);
    await jaywalk(deps, 'person:pat', 'j1');
    const versions = [-45, -50, -55].map((p) => CITY_TEST_SCHEME.replace('points: -40', `points: ${p}`));
    for (const v of versions) await publishShadow(deps, v);
    expect(SHADOWS_PER_AUTHORITY_MAX).toBe(3);
    // A fourth would be evaluated on every import and sweep of every authority's subjects as well.
    await expect(publishShadow(deps, HARSHER)).rejects.toMatchObject({ code: 'SHADOW_LIMIT' });
    // Another authority's admin cannot withdraw it; a live version cannot be withdrawn.
    await expect(withdrawCandidate(deps, 'city-test@2', { as: await actingAs(deps, 'tom') })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(withdrawCandidate(deps, 'city-test@1', { as: await actingAs(deps, 'ada') })).rejects.toMatchObject({
      code: 'SCHEME_NOT_FOUND',
    });
    const withdrawn = await withdrawCandidate(deps, 'city-test@2', { as: await actingAs(deps, 'ada') });
    expect([withdrawn.status, withdrawn.decidedBy]).toEqual(['withdrawn', 'ada']);
    expect(await deps.store.transaction((tx) => tx.shadowStatesAfter(REF, 2, null, 10))).toEqual([]);
    await expect(withdrawCandidate(deps, 'city-test@2', { as: await actingAs(deps, 'ada') })).rejects.toMatchObject({
      code: 'SCHEME_CANDIDATE_STATE',
    });
    await expect(promoteShadow(deps, 'city-test@2')).rejects.toMatchObject({ code: 'SCHEME_CANDIDATE_STATE' });
    expect((await candidatesOf(deps, 'city')).map((c) => c.version)).toEqual([3, 4]);
    // Its place is free; its number is not reused.
    expect(await publishShadow(deps, HARSHER)).toMatchObject({ version: 5 });
    // Records imported now are judged under the three shadows in force, not the withdrawn one.
    await jaywalk(deps, 'person:sam', 'j2');
    const shadowVersionsOfSam = (await deps.store.transaction((tx) => tx.shadowStatesOfSubject('person:sam'))).map(
      (s) => s.version,
    );
    expect(shadowVersionsOfSam).toEqual([3, 4, 5]);
    expect((await verifyAudit(deps)).ok).toBe(true);
    // The withdrawal is audited: rewriting the row back to shadow is named by audit verify.
    await deps.store.transaction(async (tx) => {
      const c = (await tx.candidates('city-test')).find((x) => x.version === 2)!;
      await tx.updateCandidate(REF, 2, { ...c, status: 'shadow', decidedAt: null, decidedBy: null });
    });
    const report = await verifyAudit(deps);
    expect(report.problems.map((p) => p.table)).toContain('scheme_candidates');
  });

  it('audit verify names a candidate row or gate changed outside the engine', async () => {
    const deps = await setUp(store);
    await jaywalk(deps, 'person:pat', 'j1');
    await publishGated(deps, HARSHER, { publishedBy: 'ada', onlyAuthority: 'city' });
    await setPublishGate(deps, 'city', { subjects: 5, percent: 1 });
    expect((await verifyAudit(deps)).ok).toBe(true);
    // The author lifts the hold by rewriting the row as if a second admin had approved it.
    await deps.store.transaction(async (tx) => {
      const [c] = await tx.candidates('city-test');
      await tx.updateCandidate(REF, 2, { ...c!, decidedBy: 'bea', decidedAt: 1 });
      await tx.setMeta('publish_gates', JSON.stringify({ city: { subjects: 1000, percent: 100 } }));
    });
    const report = await verifyAudit(deps);
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.table)).toEqual(expect.arrayContaining(['scheme_candidates', 'publish_gates']));
  });
});
