import { expect, it } from 'vitest';
import { CITY_TEST_SCHEME } from '../../test-support/city-test-scheme.js';
import { describeStores, linesOf, testEngineOn, type TestStoreKind } from '../../test-support/engine.js';
import { verifyAudit } from '../audit/audit.js';
import type { EngineDeps } from '../deps.js';
import { publishScheme } from '../evaluation/publish.js';
import { explainSubject } from '../evaluation/queries.js';
import { sweep } from '../evaluation/sweep.js';
import { importRecords } from '../ingest/ingest.js';
import { actingAs, addAccount } from '../tenancy/accounts.js';
import { addAuthority } from '../tenancy/auth.js';
import { grantAction } from '../tenancy/registry.js';
import { disputeDeadlines, setDisputeDeadline } from './dispute-deadlines.js';
import { decideDispute, fileDispute } from './disputes.js';

const DAY = 86_400_000;
const MINUTE = 60_000;

async function setUp(start: number, store: TestStoreKind) {
  const deps = await testEngineOn(store, start);
  await addAuthority(deps, { name: 'city', kind: 'government' });
  await grantAction(deps, 'city', 'flight.board');
  await publishScheme(deps, CITY_TEST_SCHEME);
  await addAccount(deps, { name: 'rita', authority: 'city', roles: ['reporter'] });
  await addAccount(deps, { name: 'vera', authority: 'city', roles: ['reviewer'] });
  await addAccount(deps, { name: 'pat', roles: ['subject'], subject: 'person:pat' });
  return deps;
}

async function jaywalk(deps: EngineDeps, key: string): Promise<void> {
  const raw = {
    key,
    authority: 'city',
    subject: 'person:pat',
    kind: 'traffic.jaywalking',
    occurredAt: new Date(deps.clock.now()).toISOString(),
  };
  const r = await importRecords(deps, linesOf([raw]), { submittedBy: 'rita', onlyAuthority: 'city' });
  expect(r.rejected).toBe(0);
}

const state = (deps: EngineDeps) =>
  deps.store.transaction(async (tx) => (await tx.statesAfter({ authority: 'city', scheme: 'city-test' }, null, 10))[0]);
const listings = (deps: EngineDeps) => deps.store.transaction((tx) => tx.listingsOfSubject('person:pat'));
const inbox = (deps: EngineDeps) => deps.store.transaction((tx) => tx.messagesOf('person:pat'));
const entries = (deps: EngineDeps, type: string) =>
  deps.store.transaction(async (tx) => (await tx.auditEntries('city', 0, 10_000)).filter((e) => e.type === type));

describeStores('dispute deadlines', (store) => {
  it('the operator sets an authority’s deadline (audited); unknown authorities and bad durations are refused', async () => {
    const t0 = Date.parse('2026-03-01T00:00:00Z');
    const deps = await setUp(t0, store);
    expect(await disputeDeadlines(deps)).toEqual([{ authority: 'city', duration: 'P30D', set: false }]);
    expect(await setDisputeDeadline(deps, 'city', 'P7D')).toBe(true);
    expect(await setDisputeDeadline(deps, 'city', 'P7D')).toBe(false);
    expect(await disputeDeadlines(deps)).toEqual([{ authority: 'city', duration: 'P7D', set: true }]);
    expect((await entries(deps, 'dispute-deadline')).map((e) => JSON.parse(e.payload) as unknown)).toEqual([
      { authority: 'city', duration: 'P7D' },
    ]);
    await expect(setDisputeDeadline(deps, 'nowhere', 'P7D')).rejects.toMatchObject({ code: 'AUTHORITY_NOT_FOUND' });
    await expect(setDisputeDeadline(deps, 'city', 'seven days')).rejects.toMatchObject({ code: 'DURATION_INVALID' });
    await expect(setDisputeDeadline(deps, 'city', 'P0D')).rejects.toMatchObject({ code: 'DURATION_INVALID' });
  });

  it('a dispute left undecided past its deadline stops counting, as of the deadline, and the subject is told; a confirmation makes it count again', async () => {
    const t0 = Date.parse('2026-03-01T00:00:00Z');
    const deps = await setUp(t0, store);
    await setDisputeDeadline(deps, 'city', 'P7D');
    await jaywalk(deps, 'J-1');
    await jaywalk(deps, 'J-2');
    expect((await listings(deps)).map((l) => l.state)).toEqual(['noticed']);

    deps.clock.set(t0 + DAY);
    const d = await fileDispute(deps, {
      authority: 'city',
      key: 'J-2',
      statement: 'That was not me.',
      as: await actingAs(deps, 'pat'),
    });
    const deadline = t0 + 8 * DAY;
    expect(d).toMatchObject({ deadlineAt: deadline, overdueAt: null });
    await sweep(deps);
    // The stored next change includes the deadline, so the sweep re-derives the subject then.
    expect((await state(deps))?.nextChange).toBe(deadline);
    expect((await inbox(deps)).find((m) => m.kind === 'dispute-received')?.body).toMatchObject({
      deadline: new Date(deadline).toISOString(),
    });

    // Before the deadline the record still counts.
    deps.clock.set(deadline - MINUTE);
    await sweep(deps);
    expect(await state(deps)).toMatchObject({ score: 20, grade: 'D', lists: ['air-travel-ban'] });

    // Past it: J-2 is no longer a candidate; the listing's condition stops holding at the deadline.
    deps.clock.set(deadline + MINUTE);
    await sweep(deps);
    expect(await state(deps)).toMatchObject({ score: 60, grade: 'A', lists: [] });
    const [ended] = await listings(deps);
    expect(ended).toMatchObject({ state: 'ended', endedAt: deadline, endReason: 'condition-stopped' });
    const told = (await inbox(deps)).filter((m) => m.kind === 'dispute-overdue');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ at: deadline });
    expect(told[0]!.body).toMatchObject({ record: 'city/J-2', deadline: new Date(deadline).toISOString() });
    const row = await deps.store.transaction((tx) => tx.getDispute(d.id));
    expect(row).toMatchObject({ state: 'pending', overdueAt: deadline });
    expect((await entries(deps, 'dispute-overdue')).map((e) => e.at)).toEqual([deadline]);
    // Explanations at the instant agree with the derived state.
    const explained = await explainSubject(deps, 'person:pat', 'city-test', { authority: 'city' });
    expect(explained.evaluation.contributions.map((c) => c.key)).toEqual(['J-1']);
    // Told once, however often the sweep runs.
    deps.clock.set(deadline + DAY);
    await sweep(deps);
    expect((await inbox(deps)).filter((m) => m.kind === 'dispute-overdue')).toHaveLength(1);

    // A late confirmation: the record counts again and the subject qualifies again.
    await decideDispute(deps, {
      dispute: d.id,
      outcome: 'confirm',
      reasons: 'Camera footage.',
      as: await actingAs(deps, 'vera'),
    });
    expect(await state(deps)).toMatchObject({ score: 20, grade: 'D', lists: ['air-travel-ban'] });
    expect((await verifyAudit(deps)).problems).toEqual([]);
  });

  it('a dispute decided before its deadline never stops counting and is not told overdue', async () => {
    const t0 = Date.parse('2026-03-01T00:00:00Z');
    const deps = await setUp(t0, store);
    await jaywalk(deps, 'J-1');
    await jaywalk(deps, 'J-2');
    const d = await fileDispute(deps, {
      authority: 'city',
      key: 'J-1',
      statement: 'Not me.',
      as: await actingAs(deps, 'pat'),
    });
    // The default deadline: P30D.
    expect(d.deadlineAt).toBe(t0 + 30 * DAY);
    deps.clock.set(t0 + 29 * DAY);
    await decideDispute(deps, {
      dispute: d.id,
      outcome: 'confirm',
      reasons: 'Witnessed.',
      as: await actingAs(deps, 'vera'),
    });
    deps.clock.set(t0 + 31 * DAY);
    await sweep(deps);
    expect(await state(deps)).toMatchObject({ score: 20, lists: ['air-travel-ban'] });
    expect((await inbox(deps)).filter((m) => m.kind === 'dispute-overdue')).toEqual([]);
    expect((await verifyAudit(deps)).problems).toEqual([]);
  });
});
