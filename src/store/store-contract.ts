/**
 * The store contract: what engine relies on from every StoreTx method, run against each
 * adapter by its few-line test file (sqlite-store.test.ts, postgres-store.test.ts).
 * A behaviour belongs here when a caller would notice it: outcomes, orders (code points,
 * SPEC §9), filters, paging, uniqueness, round trips of every field, and transactions.
 */
import { describe, expect, it } from 'vitest';
import type { ActionDef } from '../core/actions.js';
import type { StoredAuditEntry } from './audit-port.js';
import type { AttemptOutcome, ClaimedDelivery, NewOutboxEvent, WebhookEndpointRow } from './outbox-port.js';
import type { ApiKeyRow } from './auth-port.js';
import type { AppealRow, DisputeRow, NewListing } from './due-process-port.js';
import type { LiftedNoticeRow, SecondInstanceRow } from './second-instance-port.js';
import type { NewRecord, SchemeRef, Store, StoreTx, SubjectState } from './store.js';
import type { NoticeBody } from '../core/notice.js';

/** Opens a new, empty store (no actions registered) for one test. */
export type OpenStore = () => Promise<Store>;

const ACTIONS: ActionDef[] = [
  { name: 'flight.board', domain: 'aviation', effect: 'deny', description: 'Board a commercial flight' },
  { name: 'internet.bandwidth', domain: 'telecom', effect: 'limit' },
  { name: 'rental.deposit', domain: 'commerce', effect: 'waive', description: 'Pay a deposit' },
];

/** Subjects in code-point order; a UTF-16 sort would put the emoji before the full-width z. */
const CODE_POINT_ORDER = ['B', 'a', 'k-10', 'k-9', 'person:"quoted", [x]', 'é', 'ｚ', '😀'];
/** Awkward text: what a COPY, a JSON parameter or an escape could mangle. */
/** A notice's statement, as complete as the typed columns need, with `extra` fields beside. */
function noticeBody(listing: number, subject: string, authority: string, at: number, extra: object = {}): NoticeBody {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    listing,
    subject,
    authority,
    scheme: 'conduct',
    version: 2,
    list: { id: 'blacklist', title: AWKWARD, type: 'blacklist', condition: 'score < 0' },
    sanctions: [],
    basis: null,
    automated: true,
    facts: { records: [] } as unknown as NoticeBody['facts'],
    noticedAt: iso(at),
    effectAt: iso(at + 864_000_123),
    effectProvisional: true,
    termEndsAt: null,
    appeal: { until: iso(at + 864_000_000), how: 'POST /v1/listings/1/appeal' },
    ...extra,
  };
}

const AWKWARD = 'tab\there\nnew line\\back\\slash "quotes" \'single\' ,comma [x] {y} é 😀 \\N';

const REF: SchemeRef = { authority: 'city', scheme: 'civic' };

function rec(key: string, subject: string, over: Partial<NewRecord> = {}): NewRecord {
  return {
    key,
    authority: 'city',
    subject,
    kind: 'traffic.jaywalking',
    occurredAt: 1_000,
    data: '{"speed":12}',
    evidence: null,
    submittedBy: null,
    receivedAt: 5_000,
    hash: `h:${key}`,
    ...over,
  };
}

function listing(subject: string, over: Partial<NewListing> = {}): NewListing {
  return {
    ...REF,
    list: 'ban',
    listType: 'blacklist',
    subject,
    version: 1,
    noticedAt: 1_000,
    state: 'noticed',
    effectAt: 2_000,
    activeSince: null,
    appealed: false,
    endedAt: null,
    endReason: null,
    term: null,
    termEndsAt: null,
    receivedAt: 1_000,
    ...over,
  };
}

function state(subject: string, over: Partial<SubjectState> = {}): SubjectState {
  return {
    ...REF,
    subject,
    version: 1,
    judged: true,
    score: 80,
    grade: 'A',
    lists: [],
    nextChange: null,
    evaluatedAt: 9_000,
    ...over,
  };
}

function appeal(listingId: number, over: Partial<Omit<AppealRow, 'id'>> = {}): Omit<AppealRow, 'id'> {
  return {
    listingId,
    subject: 'person:pat',
    authority: 'city',
    statement: 'I was not there.',
    filedAt: 3_000,
    filedBy: 'pat',
    late: false,
    deadline: 10_000,
    state: 'pending',
    decidedBy: null,
    decidedAt: null,
    reasons: null,
    retracted: [],
    exempt: false,
    ...over,
  };
}

function dispute(key: string, over: Partial<Omit<DisputeRow, 'id'>> = {}): Omit<DisputeRow, 'id'> {
  return {
    authority: 'city',
    key,
    subject: 'person:pat',
    statement: 'Not me.',
    filedAt: 3_000,
    filedBy: 'pat',
    state: 'pending',
    decidedBy: null,
    decidedAt: null,
    reasons: null,
    deadlineAt: 3_000 + 30 * 86_400_000,
    overdueAt: null,
    ...over,
  };
}

/** The next audit entry after `head` (the engine computes real hashes; the store only keeps them). */
function nextAudit(chain: string, head: { seq: number; hash: string } | undefined, at: number): StoredAuditEntry {
  const seq = (head?.seq ?? 0) + 1;
  return {
    chain,
    seq,
    at,
    type: 'record-batch',
    payload: `{"n":${seq}}`,
    prev: head?.hash ?? 'genesis',
    hash: `${chain}#${seq}`,
  };
}

/**
 * Registers the contract's tests for one adapter. `open` gives a new, empty store per
 * test; `close` disposes of it (default: `store.close()`).
 */
export function storeContract(
  name: string,
  open: OpenStore,
  close: (store: Store) => Promise<void> = (s) => s.close(),
): void {
  async function withStore(fn: (store: Store) => Promise<void>): Promise<void> {
    const store = await open();
    try {
      await fn(store);
    } finally {
      await close(store);
    }
  }
  const inTx = (fn: (tx: StoreTx) => Promise<void>) => withStore((store) => store.transaction(fn));

  describe(`store contract: ${name}`, () => {
    describe('registry', () => {
      it('keeps meta values and replaces them', () =>
        inTx(async (tx) => {
          expect(await tx.getMeta('last_sweep')).toBeUndefined();
          await tx.setMeta('last_sweep', '1');
          await tx.setMeta('last_sweep', '2');
          expect(await tx.getMeta('last_sweep')).toBe('2');
        }));

      it('creates authorities once, listed in code-point order', () =>
        inTx(async (tx) => {
          expect(await tx.ensureAuthorities([], 1)).toEqual([]);
          // The ones it created, each once, in order: what the operator chain audits.
          expect(await tx.ensureAuthorities(['b', 'a', 'B', 'a'], 1)).toEqual(['B', 'a', 'b']);
          expect(await tx.ensureAuthorities(['a', 'é'], 2)).toEqual(['é']);
          expect(await tx.listAuthorities()).toEqual(['B', 'a', 'b', 'é']);
        }));

      it('registers actions once, grants them once, lists both in order', () =>
        inTx(async (tx) => {
          for (const a of [...ACTIONS].reverse()) expect(await tx.addAction(a)).toBe(true);
          expect(await tx.addAction({ ...ACTIONS[0]!, domain: 'other' })).toBe(false);
          // An action without a description has no description key at all.
          expect(await tx.listActions()).toEqual(ACTIONS);
          await tx.ensureAuthorities(['city', 'acme'], 1);
          expect(await tx.addGrant('city', 'rental.deposit', 7)).toBe(true);
          expect(await tx.addGrant('city', 'flight.board', 8)).toBe(true);
          expect(await tx.addGrant('acme', 'rental.deposit', 9)).toBe(true);
          expect(await tx.addGrant('city', 'flight.board', 10)).toBe(false);
          expect(await tx.listGrants()).toEqual([
            { authority: 'acme', action: 'rental.deposit', grantedAt: 9 },
            { authority: 'city', action: 'flight.board', grantedAt: 8 },
            { authority: 'city', action: 'rental.deposit', grantedAt: 7 },
          ]);
        }));
    });

    describe('records', () => {
      it('inserts idempotently: one outcome per input, in order, duplicates within a batch included', () =>
        inTx(async (tx) => {
          expect(await tx.insertRecords([])).toEqual([]);
          const first = await tx.insertRecords([
            rec('k1', 'p'),
            rec('k2', 'p'),
            rec('k1', 'p'),
            rec('k2', 'p', { hash: 'other' }),
            rec('k3', 'q'),
          ]);
          expect(first).toEqual(['inserted', 'inserted', 'duplicate', 'conflict', 'inserted']);
          const again = await tx.insertRecords([
            rec('k3', 'q'),
            rec('k1', 'p', { hash: 'changed' }),
            rec('k4', 'q'),
            rec('k1', 'p', { authority: 'court' }),
          ]);
          expect(again).toEqual(['duplicate', 'conflict', 'inserted', 'inserted']);
          // The first content stays: a conflict changes nothing.
          expect((await tx.getRecord('city', 'k2'))?.subject).toBe('p');
          expect(await tx.recordExists('court', 'k1')).toBe(true);
        }));

      it('round-trips every field exactly, awkward text and far instants included', () =>
        inTx(async (tx) => {
          const r = rec(`key ${AWKWARD}`, `person:${AWKWARD}`, {
            occurredAt: -86_400_000,
            receivedAt: 4_102_444_800_000,
            data: JSON.stringify({ note: AWKWARD, n: 1.5 }),
            evidence: `https://example.org/${AWKWARD}`,
            submittedBy: 'rita',
          });
          expect(await tx.insertRecords([r])).toEqual(['inserted']);
          const got = await tx.getRecord('city', r.key);
          expect(got).toEqual({
            id: expect.any(Number) as number,
            authority: 'city',
            key: r.key,
            subject: r.subject,
            kind: r.kind,
            occurredAt: -86_400_000,
            data: r.data,
            evidence: r.evidence,
            submittedBy: 'rita',
            receivedAt: 4_102_444_800_000,
            retractedAt: null,
            retractReason: null,
          });
          expect(await tx.getRecord('city', 'missing')).toBeUndefined();
          expect((await tx.recordsOfSubjects([r.subject], ['city'])).get(r.subject)).toEqual([
            {
              authority: 'city',
              key: r.key,
              subject: r.subject,
              kind: r.kind,
              occurredAt: -86_400_000,
              data: r.data,
              evidence: r.evidence,
              receivedAt: 4_102_444_800_000,
              submittedBy: 'rita',
            },
          ]);
        }));

      it('resolves a large batch (past any bulk-path threshold) like a small one', () =>
        inTx(async (tx) => {
          const n = 6_000;
          const batch = Array.from({ length: n }, (_, i) =>
            rec(`b-${i}`, `s-${i % 97}`, { data: JSON.stringify({ i, t: AWKWARD }) }),
          );
          expect(new Set(await tx.insertRecords(batch))).toEqual(new Set(['inserted']));
          const mixed = [
            ...batch.slice(0, 10),
            rec('b-5', 's-5', { hash: 'other' }),
            ...Array.from({ length: n }, (_, i) => rec(`c-${i}`, 's-0')),
          ];
          const out = await tx.insertRecords(mixed);
          expect(out.slice(0, 12)).toEqual([...Array<string>(10).fill('duplicate'), 'conflict', 'inserted']);
          expect(out.filter((o) => o === 'inserted')).toHaveLength(n);
          expect((await tx.getRecord('city', 'b-4321'))?.data).toBe(JSON.stringify({ i: 4321, t: AWKWARD }));
          // Ids follow input order.
          const ids = (await tx.recordsAfterId(0, 3 * n)).map((r) => r.key);
          expect(ids.slice(0, 3)).toEqual(['b-0', 'b-1', 'b-2']);
          expect(ids[n]).toBe('c-0');
        }));

      it('deletes a record row once, and only that one (retention)', () =>
        inTx(async (tx) => {
          await tx.insertRecords([rec('k1', 'p'), rec('k2', 'p'), rec('k1', 'q', { authority: 'court' })]);
          expect(await tx.deleteRecord('city', 'k1')).toBe(true);
          expect(await tx.deleteRecord('city', 'k1')).toBe(false);
          expect(await tx.deleteRecord('city', 'nope')).toBe(false);
          expect(await tx.getRecord('city', 'k1')).toBeUndefined();
          expect((await tx.recordsAfterId(0, 10)).map((r) => `${r.authority}/${r.key}`)).toEqual([
            'city/k2',
            'court/k1',
          ]);
          // The key is free again: a resubmission is a new record, not a duplicate.
          expect(await tx.insertRecords([rec('k1', 'p')])).toEqual(['inserted']);
        }));

      it('retracts once; evaluation reads leave retracted records out, the subject file keeps them', () =>
        inTx(async (tx) => {
          await tx.insertRecords([rec('k1', 'p', { occurredAt: 2 }), rec('k2', 'p', { occurredAt: 1 })]);
          expect(
            await tx.retractRecord({ authority: 'city', key: 'k1', reason: 'wrong person', at: 50, by: 'vic' }),
          ).toBe(true);
          expect(await tx.retractRecord({ authority: 'city', key: 'k1', reason: 'again', at: 60, by: 'vic' })).toBe(
            false,
          );
          expect(await tx.retractRecord({ authority: 'city', key: 'nope', reason: 'x', at: 60, by: null })).toBe(false);
          expect(await tx.getRecord('city', 'k1')).toMatchObject({ retractedAt: 50, retractReason: 'wrong person' });
          expect([...(await tx.recordsOfSubjects(['p'], ['city'])).get('p')!].map((r) => r.key)).toEqual(['k2']);
          expect((await tx.recordsOfSubject('p')).map((r) => [r.key, r.retractedAt])).toEqual([
            ['k2', null],
            ['k1', 50],
          ]);
          expect(await tx.subjectsAfter(['city'], null, 10)).toEqual(['p']);
          await tx.retractRecord({ authority: 'city', key: 'k2', reason: 'x', at: 70, by: null });
          expect(await tx.subjectsAfter(['city'], null, 10)).toEqual([]);
          const audit = await tx.recordsAfterId(0, 10);
          expect(audit.map((r) => [r.key, r.retracted, r.hash])).toEqual([
            ['k1', true, 'h:k1'],
            ['k2', true, 'h:k2'],
          ]);
        }));

      it('reads records of many subjects from some authorities, each list in (occurredAt, key) code-point order', () =>
        inTx(async (tx) => {
          await tx.insertRecords([
            rec('k-9', 'p', { occurredAt: 5 }),
            rec('k-10', 'p', { occurredAt: 5 }),
            rec('K-1', 'p', { occurredAt: 5, kind: 'civic.volunteering' }),
            rec('early', 'p', { occurredAt: 1 }),
            rec('a-court', 'p', { authority: 'court', occurredAt: 5 }),
            rec('x', 'person:"quoted", [x]'),
            rec('y', 'unasked'),
          ]);
          expect((await tx.recordsOfSubjects([], ['city'])).size).toBe(0);
          const got = await tx.recordsOfSubjects(['p', 'person:"quoted", [x]', 'nobody', 'p'], ['city']);
          expect([...got.keys()].sort()).toEqual(['p', 'person:"quoted", [x]']);
          expect(got.get('p')!.map((r) => r.key)).toEqual(['early', 'K-1', 'k-10', 'k-9']);
          expect((await tx.recordsOfSubjects(['p'], ['city', 'court'])).get('p')!.map((r) => r.key)).toEqual([
            'early',
            'K-1',
            'a-court',
            'k-10',
            'k-9',
          ]);
          expect((await tx.recordsOfSubjects(['p'], [])).size).toBe(0);
          // Of some kinds only: a simulation reads only the records its changed rules can match.
          const vol = await tx.recordsOfSubjects(
            ['p', 'person:"quoted", [x]'],
            ['city', 'court'],
            ['civic.volunteering'],
          );
          expect([...vol.entries()].map(([s, rs]) => [s, rs.map((r) => r.key)])).toEqual([['p', ['K-1']]]);
          expect((await tx.recordsOfSubjects(['p'], ['city'], [])).size).toBe(0);
          // recordsOfSubject orders by (occurredAt, authority, key) over every authority.
          expect((await tx.recordsOfSubject('p')).map((r) => `${r.authority}/${r.key}`)).toEqual([
            'city/early',
            'city/K-1',
            'city/k-10',
            'city/k-9',
            'court/a-court',
          ]);
        }));

      it('pages subject ids in code-point order, by authority', () =>
        inTx(async (tx) => {
          const shuffled = [...CODE_POINT_ORDER].reverse();
          await tx.insertRecords(shuffled.map((s, i) => rec(`r${i}`, s)));
          await tx.insertRecords([rec('dup', 'a'), rec('court-only', 'court-subject', { authority: 'court' })]);
          expect(await tx.subjectsAfter(['city'], null, 100)).toEqual(CODE_POINT_ORDER);
          expect(await tx.subjectsAfter(['city'], null, 3)).toEqual(CODE_POINT_ORDER.slice(0, 3));
          expect(await tx.subjectsAfter(['city'], 'k-10', 2)).toEqual(['k-9', 'person:"quoted", [x]']);
          expect(await tx.subjectsAfter(['city'], 'ｚ', 10)).toEqual(['😀']);
          expect(await tx.subjectsAfter(['court'], null, 10)).toEqual(['court-subject']);
          expect(await tx.subjectsAfter(['city', 'court'], 'a', 2)).toEqual(['court-subject', 'k-10']);
        }));

      it('keeps consent events per scheme and subject in time order', () =>
        inTx(async (tx) => {
          expect((await tx.consentsOf(REF, [])).size).toBe(0);
          await tx.putConsent({ ...REF, subject: 'p', at: 20, optIn: false, recordedBy: null });
          await tx.putConsent({ ...REF, subject: 'p', at: 10, optIn: true, recordedBy: 'p' });
          await tx.putConsent({ ...REF, subject: 'p', at: 20, optIn: true, recordedBy: null });
          await tx.putConsent({ ...REF, subject: 'q', at: 5, optIn: true, recordedBy: null });
          await tx.putConsent({
            authority: 'city',
            scheme: 'other',
            subject: 'p',
            at: 1,
            optIn: true,
            recordedBy: null,
          });
          const got = await tx.consentsOf(REF, ['p', 'q', 'r']);
          // Same instant: the order they were recorded in.
          expect(got.get('p')).toEqual([
            { at: 10, optIn: true },
            { at: 20, optIn: false },
            { at: 20, optIn: true },
          ]);
          expect(got.get('q')).toEqual([{ at: 5, optIn: true }]);
          expect(got.has('r')).toBe(false);
        }));
    });

    describe('schemes', () => {
      it('lists versions in (authority, scheme, version) order, optionally of one id, and refuses a version twice', () =>
        withStore(async (store) => {
          await store.transaction(async (tx) => {
            const v = (authority: string, scheme: string, version: number) => ({
              authority,
              scheme,
              version,
              source: `scheme: ${scheme}\n# ${AWKWARD}`,
              content: '{"a":1}',
              publishedAt: version * 10,
              publishedBy: version === 1 ? null : 'ann',
            });
            for (const row of [
              v('city', 'z', 1),
              v('city', 'a', 2),
              v('city', 'a', 1),
              v('City', 'a', 1),
              v('court', 'a', 10),
              v('court', 'a', 9),
            ])
              await tx.insertSchemeVersion(row);
            expect((await tx.schemeVersions()).map((r) => `${r.authority}/${r.scheme}@${r.version}`)).toEqual([
              'City/a@1',
              'city/a@1',
              'city/a@2',
              'city/z@1',
              'court/a@9',
              'court/a@10',
            ]);
            expect((await tx.schemeVersions('a')).length).toBe(5);
            expect(await tx.schemeVersions('z')).toEqual([v('city', 'z', 1)]);
            expect(await tx.schemeVersions('none')).toEqual([]);
          });
          await expect(
            store.transaction((tx) =>
              tx.insertSchemeVersion({
                authority: 'city',
                scheme: 'z',
                version: 1,
                source: '',
                content: '',
                publishedAt: 0,
                publishedBy: null,
              }),
            ),
          ).rejects.toThrow();
        }));
    });

    describe('derived state', () => {
      it('takes dirty subjects once each, in code-point order, at most `limit` at a time', () =>
        inTx(async (tx) => {
          await tx.markDirty([]);
          await tx.markDirty([...CODE_POINT_ORDER].reverse());
          await tx.markDirty(['a', 'a']);
          expect(await tx.takeDirty(3)).toEqual(CODE_POINT_ORDER.slice(0, 3));
          expect(await tx.takeDirty(100)).toEqual(CODE_POINT_ORDER.slice(3));
          expect(await tx.takeDirty(100)).toEqual([]);
        }));

      it('upserts, reads, pages and deletes states', () =>
        inTx(async (tx) => {
          await tx.putStates([]);
          await tx.putStates([...CODE_POINT_ORDER].reverse().map((s) => state(s)));
          await tx.putStates([
            state('a', {
              score: 12.5,
              grade: null,
              judged: false,
              lists: ['z-list', 'a-list'],
              nextChange: 4_102_444_800_000,
              version: 2,
            }),
          ]);
          await tx.putStates([state('a', { authority: 'court' })]);
          expect(await tx.getStates(REF, [])).toEqual([]);
          expect(await tx.getStates(REF, ['a', 'B', 'missing'])).toEqual([
            state('B'),
            state('a', {
              score: 12.5,
              grade: null,
              judged: false,
              lists: ['z-list', 'a-list'],
              nextChange: 4_102_444_800_000,
              version: 2,
            }),
          ]);
          const page1 = await tx.statesAfter(REF, null, 3);
          expect(page1.map((s) => s.subject)).toEqual(CODE_POINT_ORDER.slice(0, 3));
          expect((await tx.statesAfter(REF, page1[2]!.subject, 100)).map((s) => s.subject)).toEqual(
            CODE_POINT_ORDER.slice(3),
          );
          await tx.deleteStates(REF, []);
          await tx.deleteStates(REF, ['a', 'é']);
          expect((await tx.statesAfter(REF, null, 100)).map((s) => s.subject)).toEqual(
            CODE_POINT_ORDER.filter((s) => s !== 'a' && s !== 'é'),
          );
          expect(await tx.getStates({ authority: 'court', scheme: 'civic' }, ['a'])).toHaveLength(1);
          const left = CODE_POINT_ORDER.filter((s) => s !== 'a' && s !== 'é');
          expect(await tx.statesBetween(REF, null, left[2]!)).toEqual(left.slice(0, 3).map((s) => state(s)));
          expect((await tx.statesBetween(REF, left[2]!, '\u{10FFFF}')).map((s) => s.subject)).toEqual(left.slice(3));
          expect(await tx.statesBetween(REF, left[1]!, left[1]!)).toEqual([]);
          await tx.deleteStatesAfter(REF, left[2]!);
          expect((await tx.statesAfter(REF, null, 100)).map((s) => s.subject)).toEqual(left.slice(0, 3));
          await tx.deleteStatesAfter(REF, null);
          expect(await tx.statesAfter(REF, null, 100)).toEqual([]);
          expect(await tx.getStates({ authority: 'court', scheme: 'civic' }, ['a'])).toHaveLength(1);
        }));

      it('keeps match sets and packed facts per subject, and reads them by subjects, by page and by range', () =>
        inTx(async (tx) => {
          const one = await tx.ensureMatchSet(REF, 1, '1:kind');
          expect(one).toEqual({ id: one.id, ...REF, version: 1, layout: '1:kind', complete: false });
          expect(await tx.ensureMatchSet(REF, 1, '1:kind')).toEqual(one);
          const two = await tx.ensureMatchSet({ authority: 'court', scheme: 'debts' }, 3, '1:');
          await tx.completeMatchSet(one.id);
          expect(await tx.matchSets()).toEqual([{ ...one, complete: true }, two]);
          // Instants, points at the edge of a double's integers, never-ending matches and awkward strings survive.
          const facts = (n: number) => ({
            values: [
              -62_135_596_800_000,
              n,
              1,
              0,
              Number.MAX_SAFE_INTEGER,
              NaN,
              1_750_000_000_123,
              1,
              2,
              1,
              -9_007_199_254_740_991,
              1_760_000_000_000,
            ],
            strings: [AWKWARD, `k${n}`],
          });
          await tx.replaceMatches(
            one.id,
            ['a', 'B'],
            [...CODE_POINT_ORDER].reverse().map((subject, i) => ({ set: one.id, subject, facts: facts(i) })),
          );
          await tx.replaceMatches(two.id, [], [{ set: two.id, subject: 'a', facts: { values: [1, 0], strings: [] } }]);
          const plain = (
            rows: readonly {
              set: number;
              subject: string;
              facts: { values: ArrayLike<number>; strings: readonly string[] };
            }[],
          ) =>
            rows.map((r) => ({
              set: r.set,
              subject: r.subject,
              values: Array.from(r.facts.values),
              strings: r.facts.strings,
            }));
          const want = (subject: string, set = one.id) =>
            set === one.id
              ? {
                  set,
                  subject,
                  values: Array.from(facts(CODE_POINT_ORDER.length - 1 - CODE_POINT_ORDER.indexOf(subject)).values),
                  strings: [AWKWARD, `k${CODE_POINT_ORDER.length - 1 - CODE_POINT_ORDER.indexOf(subject)}`],
                }
              : { set, subject, values: [1, 0], strings: [] };
          expect(plain(await tx.matchesOfSubjects([one.id, two.id], ['a', '😀', 'nobody']))).toEqual([
            want('a'),
            want('a', two.id),
            want('😀'),
          ]);
          expect(await tx.matchesOfSubjects([], ['a'])).toEqual([]);
          expect(plain(await tx.matchesPage([one.id, two.id], null, 2))).toEqual([
            want('B'),
            want('a'),
            want('a', two.id),
          ]);
          expect(plain(await tx.matchesPage([two.id], 'a', 10))).toEqual([]);
          expect(plain(await tx.matchesBetween([one.id], 'a', 'é')).map((r) => r.subject)).toEqual([
            'k-10',
            'k-9',
            'person:"quoted", [x]',
            'é',
          ]);
          // Replacing a subject's rows drops those of subjects given without rows.
          await tx.replaceMatches(
            one.id,
            ['a', 'B'],
            [{ set: one.id, subject: 'a', facts: { values: [7, 0], strings: [] } }],
          );
          expect(plain(await tx.matchesOfSubjects([one.id], ['a', 'B']))).toEqual([
            { set: one.id, subject: 'a', values: [7, 0], strings: [] },
          ]);
          await tx.dropMatchSets([one.id]);
          expect(await tx.matchSets()).toEqual([two]);
          expect(await tx.matchesOfSubjects([one.id], CODE_POINT_ORDER)).toEqual([]);
          expect(plain(await tx.matchesOfSubjects([two.id], ['a']))).toEqual([want('a', two.id)]);
        }));

      it('finds dirty subjects among some and by range', () =>
        inTx(async (tx) => {
          await tx.markDirty(['k-9', 'é', '😀']);
          expect((await tx.dirtyAmong(['😀', 'a', 'k-9'])).sort()).toEqual(['k-9', '😀']);
          expect(await tx.dirtyAmong([])).toEqual([]);
          expect(await tx.dirtyBetween(null, 'é')).toEqual(['k-9', 'é']);
          expect(await tx.dirtyBetween('é', '\u{10FFFF}')).toEqual(['😀']);
        }));

      it('summarizes judged states by grade and by list, in code-point order', () =>
        inTx(async (tx) => {
          await tx.putStates([
            state('p1', { grade: 'b', lists: ['watch', 'Ban'] }),
            state('p2', { grade: 'B', lists: ['Ban'] }),
            state('p3', { grade: 'B', lists: [] }),
            state('p4', { grade: null, lists: ['watch'] }),
            state('p5', { judged: false, grade: null, lists: [] }),
            state('p6', { scheme: 'other', grade: 'B', lists: ['Ban'] }),
          ]);
          expect(await tx.summarizeStates(REF)).toEqual({
            judged: 4,
            grades: [
              { grade: null, count: 1 },
              { grade: 'B', count: 2 },
              { grade: 'b', count: 1 },
            ],
            lists: [
              { list: 'Ban', count: 2 },
              { list: 'watch', count: 2 },
            ],
          });
          expect(await tx.summarizeStates({ authority: 'none', scheme: 'none' })).toEqual({
            judged: 0,
            grades: [],
            lists: [],
          });
        }));

      it('ranks a score among the judged subjects of one scheme', () =>
        inTx(async (tx) => {
          await tx.putStates([
            state('p1', { score: 10 }),
            state('p2', { score: 80 }),
            state('p3', { score: 80 }),
            state('p4', { score: 95.5 }),
            state('p5', { judged: false, score: null, grade: null }),
            state('p6', { scheme: 'other', score: 1 }),
          ]);
          expect(await tx.scoreRank(REF, 80)).toEqual({ judged: 4, below: 1, equal: 2 });
          expect(await tx.scoreRank(REF, 100)).toEqual({ judged: 4, below: 4, equal: 0 });
          expect(await tx.scoreRank({ authority: 'none', scheme: 'none' }, 1)).toEqual({
            judged: 0,
            below: 0,
            equal: 0,
          });
        }));

      it('finds states due at or before an instant, earliest first', () =>
        inTx(async (tx) => {
          await tx.putStates([
            state('late', { nextChange: 300 }),
            state('b', { nextChange: 100 }),
            state('a', { nextChange: 100 }),
            state('never', { nextChange: null }),
            state('x', { nextChange: 100, authority: 'acme' }),
            state('now', { nextChange: 200 }),
          ]);
          const due = await tx.dueStates(200, 10);
          expect(due.map((s) => s.nextChange)).toEqual([100, 100, 100, 200]);
          expect(new Set(due.map((s) => `${s.authority}/${s.subject}`))).toEqual(
            new Set(['acme/x', 'city/a', 'city/b', 'city/now']),
          );
          expect((await tx.dueStates(200, 2)).map((s) => s.nextChange)).toEqual([100, 100]);
          expect(await tx.dueStates(99, 10)).toEqual([]);
        }));
    });

    describe('listings', () => {
      it('round-trips a listing and its updates', () =>
        inTx(async (tx) => {
          const id = await tx.insertListing(listing('p'));
          const id2 = await tx.insertListing(
            listing('q', { listType: 'redlist', state: 'active', activeSince: 1_000 }),
          );
          expect(id2).toBeGreaterThan(id);
          expect(await tx.getListing(id)).toEqual({ id, ...listing('p') });
          await tx.updateListing(id, {
            state: 'ended',
            effectAt: 2_500,
            activeSince: 2_000,
            appealed: true,
            endedAt: 3_000,
            endReason: 'overturned',
            term: null,
            termEndsAt: null,
            receivedAt: 1_000,
          });
          expect(await tx.getListing(id)).toEqual({
            id,
            ...listing('p', {
              state: 'ended',
              effectAt: 2_500,
              activeSince: 2_000,
              appealed: true,
              endedAt: 3_000,
              endReason: 'overturned',
              term: null,
              termEndsAt: null,
              receivedAt: 1_000,
            }),
          });
          expect(await tx.getListing(999_999)).toBeUndefined();
        }));

      it('allows one open listing per subject and list, and a new one once it ended', () =>
        withStore(async (store) => {
          const first = await store.transaction((tx) => tx.insertListing(listing('p')));
          await expect(
            store.transaction((tx) => tx.insertListing(listing('p', { state: 'active' }))),
          ).rejects.toThrow();
          await store.transaction(async (tx) => {
            await tx.insertListing(listing('p', { list: 'other' }));
            await tx.insertListing(listing('p', { scheme: 'other' }));
            await tx.updateListing(first, {
              state: 'ended',
              effectAt: 2_000,
              activeSince: null,
              appealed: false,
              endedAt: 1_500,
              endReason: 'condition-stopped',
              term: null,
              termEndsAt: null,
              receivedAt: 1_000,
            });
            await tx.insertListing(listing('p'));
            expect((await tx.listingsOfSubject('p')).map((l) => l.state)).toEqual([
              'ended',
              'noticed',
              'noticed',
              'noticed',
            ]);
          });
        }));

      it('opens one listing when concurrent transactions notice the same qualification', () =>
        withStore(async (store) => {
          const ids = await Promise.all(
            Array.from({ length: 6 }, () => store.transaction((tx) => tx.insertListingIfNoneOpen(listing('p')))),
          );
          const opened = ids.filter((id) => id !== undefined);
          expect(opened).toHaveLength(1);
          await store.transaction(async (tx) => {
            expect((await tx.listingsOfSubject('p')).map((l) => l.id)).toEqual(opened);
            // Another list, or after the listing ended, opens a new one.
            expect(await tx.insertListingIfNoneOpen(listing('p', { list: 'other' }))).toBeGreaterThan(opened[0]!);
            await tx.updateListing(opened[0]!, {
              state: 'ended',
              effectAt: 2_000,
              activeSince: null,
              appealed: false,
              endedAt: 1_500,
              endReason: 'condition-stopped',
              term: null,
              termEndsAt: null,
              receivedAt: 1_000,
            });
            expect(await tx.insertListingIfNoneOpen(listing('p'))).toBeGreaterThan(opened[0]!);
            expect(await tx.insertListingIfNoneOpen(listing('p', { state: 'active' }))).toBeUndefined();
            expect((await tx.listingsOfSubject('p')).map((l) => l.state)).toEqual(['ended', 'noticed', 'noticed']);
          });
        }));

      it('finds open listings by subjects and by list, due ones, and counts by state', () =>
        inTx(async (tx) => {
          const a = await tx.insertListing(listing('p', { effectAt: 300 }));
          const b = await tx.insertListing(listing('q', { effectAt: 100 }));
          const c = await tx.insertListing(listing('r', { effectAt: 100 }));
          const d = await tx.insertListing(
            listing('p', { list: 'watch', listType: 'watchlist', state: 'active', activeSince: 50 }),
          );
          const e = await tx.insertListing(
            listing('q', { list: 'watch', state: 'ended', endedAt: 60, endReason: 'condition-stopped' }),
          );
          await tx.insertListing(listing('p', { scheme: 'other', state: 'suspended', appealed: true }));
          expect(await tx.openListings(REF, [])).toEqual([]);
          expect((await tx.openListings(REF, ['p', 'q', 'nobody'])).map((l) => l.id)).toEqual([a, b, d]);
          expect((await tx.openListingsBetween(REF, null, 'q')).map((l) => l.id)).toEqual([a, b, d]);
          expect((await tx.openListingsBetween(REF, 'p', 'r')).map((l) => l.id)).toEqual([b, c]);
          expect(await tx.openListingsBetween(REF, 'r', 'zzz')).toEqual([]);
          expect((await tx.openListingsOfList(REF, 'watch')).map((l) => l.id)).toEqual([d]);
          expect((await tx.listingsOfSubject('q')).map((l) => l.id)).toEqual([b, e]);
          expect((await tx.dueListings(300, 10)).map((l) => l.id)).toEqual([b, c, a]);
          expect((await tx.dueListings(299, 1)).map((l) => l.id)).toEqual([b]);
          expect((await tx.listingsOfState('noticed', 2)).map((l) => l.id)).toEqual([a, b]);
          expect(await tx.countListings()).toEqual([
            { state: 'active', count: 1 },
            { state: 'ended', count: 1 },
            { state: 'noticed', count: 3 },
            { state: 'suspended', count: 1 },
          ]);
          expect(await tx.listingStatesAfter(b, 2)).toEqual([
            { id: c, authority: 'city', state: 'noticed' },
            { id: d, authority: 'city', state: 'active' },
          ]);
        }));

      it('takes due listings by their next time-driven instant: receipt by default, the window, the maximum term', () =>
        inTx(async (tx) => {
          // Noticed and not received: due 2 days after issue, whatever its provisional effect instant.
          const unread = await tx.insertListing(listing('p', { receivedAt: null, effectAt: 5 * 86_400_000 }));
          // Noticed and received: due at its effect instant.
          const read = await tx.insertListing(listing('q', { effectAt: 3 * 86_400_000 }));
          // Active and suspended: due at the end of their term; a redlist (no term) never.
          const active = await tx.insertListing(
            listing('r', { state: 'active', activeSince: 2_000, term: 'P1D', termEndsAt: 86_400_000 }),
          );
          const suspended = await tx.insertListing(
            listing('s', { state: 'suspended', appealed: true, term: 'P4D', termEndsAt: 4 * 86_400_000 }),
          );
          await tx.insertListing(listing('t', { listType: 'redlist', state: 'active', activeSince: 1_000 }));
          await tx.insertListing(
            listing('u', { state: 'ended', endedAt: 1_500, endReason: 'term-reached', termEndsAt: 1_500 }),
          );
          expect((await tx.dueListings(10 * 86_400_000, 10)).map((l) => l.id)).toEqual([
            active,
            unread,
            read,
            suspended,
          ]);
          expect((await tx.dueListings(86_400_000, 10)).map((l) => l.id)).toEqual([active]);
          expect(await tx.getListing(active)).toMatchObject({ term: 'P1D', termEndsAt: 86_400_000, receivedAt: 1_000 });
          await tx.updateListing(unread, { ...listing('p'), receivedAt: 1_000 + 3_600_000, effectAt: 2 * 86_400_000 });
          expect(await tx.getListing(unread)).toMatchObject({
            receivedAt: 1_000 + 3_600_000,
            effectAt: 2 * 86_400_000,
          });
          expect((await tx.dueListings(2 * 86_400_000, 10)).map((l) => l.id)).toEqual([active, unread]);
        }));

      it('pages through listings by authority, subject, state, scheme and list, in id order', () =>
        inTx(async (tx) => {
          const a = await tx.insertListing(listing('p'));
          const b = await tx.insertListing(
            listing('q', { list: 'watch', listType: 'watchlist', state: 'active', activeSince: 50 }),
          );
          const c = await tx.insertListing(listing('p', { authority: 'court' }));
          const d = await tx.insertListing(listing('r', { scheme: 'other' }));
          const ids = async (filter: Parameters<StoreTx['listingsOf']>[0], after: number | null = null, limit = 10) =>
            (await tx.listingsOf(filter, { after, limit })).map((l) => l.id);
          expect(await ids({})).toEqual([a, b, c, d]);
          expect(await ids({ authority: 'city' })).toEqual([a, b, d]);
          expect(await ids({ authority: 'city' }, a, 1)).toEqual([b]);
          expect(await ids({ authority: 'city', subject: 'p' })).toEqual([a]);
          expect(await ids({ state: 'active' })).toEqual([b]);
          expect(await ids({ authority: 'city', scheme: 'civic', list: 'ban' })).toEqual([a]);
          expect((await tx.listingsOf({ authority: 'court' }, { after: null, limit: 10 }))[0]).toEqual({
            id: c,
            ...listing('p', { authority: 'court' }),
          });
        }));

      it('stores the decision behind a listing once per authority and key, and reads it by key and by listing', () =>
        inTx(async (tx) => {
          const a = await tx.insertListing(listing('p'));
          const b = await tx.insertListing(listing('q'));
          const d = (listingId: number, key: string, over = {}) => ({
            listingId,
            authority: 'city',
            key,
            scheme: 'civic',
            list: 'ban',
            subject: 'p',
            by: 'ada',
            reason: 'Ordered by the court',
            basis: 'CCP art. 1',
            evidence: null,
            term: 'P30D',
            decidedAt: 100,
            ...over,
          });
          expect(await tx.insertManualListing(d(a, 'K-10'))).toBe(true);
          // The same key again, even for another listing, writes nothing.
          expect(await tx.insertManualListing(d(b, 'K-10', { subject: 'q' }))).toBe(false);
          expect(await tx.insertManualListing(d(b, 'K-9', { subject: 'q', evidence: 'https://x.example/9' }))).toBe(
            true,
          );
          expect(await tx.manualListingByKey('city', 'K-10')).toEqual(d(a, 'K-10'));
          expect(await tx.manualListingByKey('court', 'K-10')).toBeUndefined();
          expect(await tx.manualListingOf(b)).toEqual(d(b, 'K-9', { subject: 'q', evidence: 'https://x.example/9' }));
          expect((await tx.manualListings()).map((m) => m.listingId)).toEqual([a, b]);
        }));

      it('sets, replaces and deletes exemptions', () =>
        inTx(async (tx) => {
          expect(await tx.getExemption(REF, 'ban', 'p')).toBeUndefined();
          await tx.putExemption(REF, 'ban', 'p', 10);
          await tx.putExemption(REF, 'ban', 'p', 20);
          await tx.putExemption(REF, 'other', 'p', 30);
          expect(await tx.getExemption(REF, 'ban', 'p')).toBe(20);
          await tx.deleteExemption(REF, 'ban', 'p');
          expect(await tx.getExemption(REF, 'ban', 'p')).toBeUndefined();
          expect(await tx.getExemption(REF, 'other', 'p')).toBe(30);
        }));

      it('replaces the sanctions of a listing and reads them by subject and action', () =>
        inTx(async (tx) => {
          // A sanction is read with the scheme version that noticed its listing.
          const one = await tx.insertListing(listing('p', { version: 3 }));
          const two = await tx.insertListing(listing('p', { list: 'other' }));
          const s = (listingId: number, action: string, over = {}) => ({
            listingId,
            subject: 'p',
            action,
            effect: 'deny' as const,
            limit: null,
            authority: 'city',
            scheme: 'civic',
            list: 'ban',
            since: 100,
            ...over,
          });
          await tx.replaceSanctions(two, [
            s(two, 'flight.board'),
            s(two, 'internet.bandwidth', { effect: 'limit', limit: { kbps: 256, 'per-day': 1.5 } }),
          ]);
          await tx.replaceSanctions(one, [s(one, 'flight.board', { scheme: 'other', since: 50 })]);
          expect(await tx.activeSanctions('p', 'flight.board')).toEqual([
            { ...s(one, 'flight.board', { scheme: 'other', since: 50 }), version: 3 },
            { ...s(two, 'flight.board'), version: 1 },
          ]);
          expect(await tx.activeSanctions('p', 'internet.bandwidth')).toEqual([
            { ...s(two, 'internet.bandwidth', { effect: 'limit', limit: { kbps: 256, 'per-day': 1.5 } }), version: 1 },
          ]);
          expect(await tx.countSanctions()).toEqual([
            { action: 'flight.board', effect: 'deny', count: 2 },
            { action: 'internet.bandwidth', effect: 'limit', count: 1 },
          ]);
          await tx.replaceSanctions(two, [s(2, 'rental.deposit', { effect: 'waive' })]);
          expect(await tx.activeSanctions('p', 'internet.bandwidth')).toEqual([]);
          await tx.replaceSanctions(one, []);
          expect(await tx.activeSanctions('p', 'flight.board')).toEqual([]);
          expect(await tx.countSanctions()).toEqual([{ action: 'rental.deposit', effect: 'waive', count: 1 }]);
        }));
    });

    describe('inbox, appeals, disputes, accounts', () => {
      it('delivers messages and notices to a subject in the order they were written, bodies intact', () =>
        inTx(async (tx) => {
          const body = noticeBody(7, 'p', 'city', 500, { z: 1, a: { nested: [1, 'two', null, true] } });
          const m1 = await tx.insertNotice({ subject: 'p', authority: 'city', at: 500, body });
          const m2 = await tx.insertMessage({
            subject: 'p',
            kind: 'appeal-received',
            listingId: null,
            authority: 'city',
            at: 100,
            body: { text: AWKWARD },
          });
          await tx.insertNotice({ subject: 'q', authority: 'city', at: 1, body: noticeBody(8, 'q', 'city', 1) });
          const got = await tx.messagesOf('p');
          expect(got).toEqual([
            { id: m1, subject: 'p', kind: 'notice', listingId: 7, authority: 'city', at: 500, body },
            {
              id: m2,
              subject: 'p',
              kind: 'appeal-received',
              listingId: null,
              authority: 'city',
              at: 100,
              body: { text: AWKWARD },
            },
          ]);
          // Key order survives, so a statement reads back as it was written.
          expect(JSON.stringify(got[0]!.body)).toBe(JSON.stringify(body));
          expect(await tx.messagesOf('nobody')).toEqual([]);
        }));

      it('keeps a notice in typed columns, found by its listing, the same statement as the inbox shows', () =>
        inTx(async (tx) => {
          const body = noticeBody(7, 'p', 'city', 1_000, { termEndsAt: new Date(99_000_000_000).toISOString() });
          const id = await tx.insertNotice({ subject: 'p', authority: 'city', at: 1_000, body });
          const expected = {
            id,
            listingId: 7,
            subject: 'p',
            authority: 'city',
            scheme: 'conduct',
            version: 2,
            list: 'blacklist',
            noticedAt: 1_000,
            effectAt: 1_000 + 864_000_123,
            effectProvisional: true,
            termEndsAt: 99_000_000_000,
            appealUntil: 1_000 + 864_000_000,
            body,
          };
          expect(await tx.noticeOf(7)).toEqual(expected);
          expect(await tx.noticeOf(8)).toBeUndefined();
          expect(await tx.noticesOfSubject('p')).toEqual([expected]);
          expect(await tx.noticesAfter(0, 10)).toEqual([expected]);
          expect(await tx.noticesAfter(id, 10)).toEqual([]);
          // One notice per listing.
          await expect(tx.insertNotice({ subject: 'p', authority: 'city', at: 2_000, body })).rejects.toThrow();
        }));

      it('stores the notice text a writer hands over (deliver: its canonical JSON) as it is', () =>
        inTx(async (tx) => {
          const body = noticeBody(7, 'p', 'city', 5);
          const bodyJson = JSON.stringify(
            Object.fromEntries(Object.entries(body).sort(([a], [b]) => (a < b ? -1 : 1))),
          );
          await tx.insertNotice({ subject: 'p', authority: 'city', at: 5, body, bodyJson });
          const [got] = await tx.messagesOf('p');
          expect(got?.body).toEqual(body);
          expect(JSON.stringify(got?.body)).toBe(bodyJson);
          expect(JSON.stringify((await tx.noticeOf(7))?.body)).toBe(bodyJson);
          expect(JSON.stringify((await tx.messagesAfter(0, 10))[0]?.body)).toBe(bodyJson);
        }));

      it('pages notices since an instant, of one authority or all, in id order (the statements export)', () =>
        inTx(async (tx) => {
          let listing = 0;
          const m = (subject: string, kind: 'notice' | 'listing-ended', authority: string, at: number) =>
            kind === 'notice'
              ? tx.insertNotice({ subject, authority, at, body: noticeBody(++listing, subject, authority, at) })
              : tx.insertMessage({ subject, kind, listingId: 1, authority, at, body: { at } });
          const a = await m('p', 'notice', 'city', 100);
          await m('p', 'listing-ended', 'city', 200);
          const b = await m('q', 'notice', 'town', 300);
          const c = await m('r', 'notice', 'city', 400);
          const ids = async (input: Parameters<typeof tx.noticesSince>[0]) =>
            (await tx.noticesSince(input)).map((r) => r.id);
          expect(await ids({ since: 0, authority: null, after: 0, limit: 10 })).toEqual([a, b, c]);
          expect(await ids({ since: 0, authority: 'city', after: 0, limit: 10 })).toEqual([a, c]);
          expect(await ids({ since: 300, authority: null, after: 0, limit: 10 })).toEqual([b, c]);
          expect(await ids({ since: 0, authority: null, after: a, limit: 1 })).toEqual([b]);
          expect((await tx.noticesSince({ since: 0, authority: null, after: b, limit: 5 }))[0]).toMatchObject({
            id: c,
            subject: 'r',
            listingId: 3,
            authority: 'city',
            noticedAt: 400,
            body: noticeBody(3, 'r', 'city', 400),
          });
        }));

      it('files, decides and filters appeals; one appeal per listing', () =>
        withStore(async (store) => {
          const ids = await store.transaction(async (tx) => {
            const a1 = await tx.insertAppeal(appeal(1, { deadline: 300 }));
            const a2 = await tx.insertAppeal(appeal(2, { deadline: 100, authority: 'court', late: true }));
            const a3 = await tx.insertAppeal(appeal(3, { deadline: 100, subject: 'person:quinn' }));
            expect(await tx.getAppeal(a2)).toEqual({
              id: a2,
              ...appeal(2, { deadline: 100, authority: 'court', late: true }),
            });
            const decided = {
              ...(await tx.getAppeal(a1))!,
              state: 'overturned' as const,
              decidedBy: 'vic',
              decidedAt: 400,
              reasons: 'Camera error.',
              retracted: ['k-9', 'k-10'],
              exempt: true,
            };
            await tx.updateAppeal(decided);
            expect(await tx.getAppeal(a1)).toEqual(decided);
            expect(await tx.getAppeal(999)).toBeUndefined();
            expect((await tx.appealsOf({})).map((a) => a.id)).toEqual([a2, a3, a1]);
            expect((await tx.appealsOf({ authority: 'city' })).map((a) => a.id)).toEqual([a3, a1]);
            expect((await tx.appealsOf({ state: 'pending' })).map((a) => a.id)).toEqual([a2, a3]);
            expect(
              (await tx.appealsOf({ authority: 'city', subject: 'person:pat', state: 'overturned' })).map((a) => a.id),
            ).toEqual([a1]);
            expect(await tx.appealsOf({ subject: 'nobody' })).toEqual([]);
            return [a1, a2, a3];
          });
          expect(new Set(ids).size).toBe(3);
          await expect(store.transaction((tx) => tx.insertAppeal(appeal(1)))).rejects.toThrow();
        }));

      it('asks, decides and filters second instances, one per appeal; stores sanction-lifted notifications', () =>
        inTx(async (tx) => {
          const second = (appealId: number, o: Partial<SecondInstanceRow> = {}): Omit<SecondInstanceRow, 'id'> => ({
            appealId,
            listingId: appealId + 100,
            subject: 'person:pat',
            authority: 'city',
            reviewers: 'city',
            firstReviewer: 'vera',
            statement: 'Look again.',
            filedAt: 100,
            filedBy: 'pat',
            deadline: 500,
            suspends: false,
            state: 'pending',
            decidedBy: null,
            decidedAt: null,
            reasons: null,
            exempt: false,
            ...o,
          });
          const s1 = (await tx.insertSecondInstance(second(1)))!;
          const s2 = (await tx.insertSecondInstance(second(2, { reviewers: 'court', deadline: 300, suspends: true })))!;
          expect(await tx.insertSecondInstance(second(1, { statement: 'again' }))).toBeUndefined();
          expect(await tx.getSecondInstance(s2)).toEqual({
            id: s2,
            ...second(2, { reviewers: 'court', deadline: 300, suspends: true }),
          });
          const decided: SecondInstanceRow = {
            ...(await tx.getSecondInstance(s1))!,
            state: 'overturned',
            decidedBy: 'victor',
            decidedAt: 400,
            reasons: 'The alibi holds.',
            exempt: true,
          };
          await tx.updateSecondInstance(decided);
          expect(await tx.getSecondInstance(s1)).toEqual(decided);
          expect(await tx.getSecondInstance(999)).toBeUndefined();
          const ids = async (f: Parameters<typeof tx.secondInstancesOf>[0]) =>
            (await tx.secondInstancesOf(f)).map((x) => x.id);
          expect(await ids({})).toEqual([s2, s1]);
          expect(await ids({ reviewers: 'court' })).toEqual([s2]);
          expect(await ids({ state: 'pending' })).toEqual([s2]);
          expect(await ids({ appealId: 1 })).toEqual([s1]);
          expect(await ids({ subject: 'nobody' })).toEqual([]);

          const lifted = (party: string, subject: string): Omit<LiftedNoticeRow, 'id'> => ({
            party,
            subject,
            listingId: 7,
            authority: 'city',
            actions: ['flight.board', 'rail.board'],
            cause: 'second-instance:1',
            at: 400,
          });
          const n1 = await tx.insertLiftedNotice(lifted('skyways', 'person:pat'));
          const n2 = await tx.insertLiftedNotice(lifted('ferries', 'person:pat'));
          const n3 = await tx.insertLiftedNotice(lifted('skyways', 'person:quinn'));
          expect(await tx.liftedNoticesOf({ party: 'skyways' })).toEqual([
            { id: n1, ...lifted('skyways', 'person:pat') },
            { id: n3, ...lifted('skyways', 'person:quinn') },
          ]);
          expect((await tx.liftedNoticesOf({ subject: 'person:pat' })).map((n) => n.id)).toEqual([n1, n2]);
          expect((await tx.liftedNoticesOf({})).map((n) => n.id)).toEqual([n1, n2, n3]);
        }));

      it('files, decides and filters disputes', () =>
        inTx(async (tx) => {
          const d1 = await tx.insertDispute(dispute('k-9', { filedAt: 300 }));
          const d2 = await tx.insertDispute(dispute('k-10', { filedAt: 100, authority: 'court' }));
          const d3 = await tx.insertDispute(
            dispute('k-9', {
              filedAt: 100,
              subject: 'person:quinn',
              state: 'confirmed',
              decidedBy: 'vic',
              decidedAt: 200,
              reasons: 'Seen.',
            }),
          );
          expect(await tx.getDispute(d3!)).toEqual({
            id: d3,
            ...dispute('k-9', {
              filedAt: 100,
              subject: 'person:quinn',
              state: 'confirmed',
              decidedBy: 'vic',
              decidedAt: 200,
              reasons: 'Seen.',
            }),
          });
          const retracted = {
            ...(await tx.getDispute(d1!))!,
            state: 'retracted' as const,
            decidedBy: 'vic',
            decidedAt: 500,
            reasons: AWKWARD,
          };
          await tx.updateDispute(retracted);
          expect(await tx.getDispute(d1!)).toEqual(retracted);
          expect(await tx.getDispute(999)).toBeUndefined();
          expect((await tx.disputesOf({})).map((d) => d.id)).toEqual([d2, d3, d1]);
          expect((await tx.disputesOf({ key: 'k-9' })).map((d) => d.id)).toEqual([d3, d1]);
          expect((await tx.disputesOf({ authority: 'city', key: 'k-9', state: 'retracted' })).map((d) => d.id)).toEqual(
            [d1],
          );
          expect((await tx.disputesOf({ subject: 'person:pat', state: 'pending' })).map((d) => d.id)).toEqual([d2]);
        }));

      it('keeps one pending dispute per record, and takes a new one once it is decided', () =>
        withStore(async (store) => {
          const ids = await Promise.all(
            Array.from({ length: 6 }, () => store.transaction((tx) => tx.insertDispute(dispute('k-1')))),
          );
          const [first, ...others] = ids.filter((id) => id !== undefined);
          expect([first !== undefined, others, ids.filter((id) => id === undefined)]).toEqual([
            true,
            [],
            [undefined, undefined, undefined, undefined, undefined],
          ]);
          await store.transaction(async (tx) => {
            expect(await tx.insertDispute(dispute('k-1', { subject: 'person:quinn' }))).toBeUndefined();
            expect(await tx.insertDispute(dispute('k-1', { authority: 'court' }))).toBeGreaterThan(0);
            await tx.updateDispute({
              ...(await tx.getDispute(first!))!,
              state: 'confirmed',
              decidedBy: 'vic',
              decidedAt: 500,
              reasons: 'Seen.',
            });
            const again = await tx.insertDispute(dispute('k-1', { filedAt: 6_000 }));
            expect(again).toBeGreaterThan(first!);
            expect((await tx.disputesOf({ authority: 'city', key: 'k-1' })).map((d) => [d.id, d.state])).toEqual([
              [first, 'confirmed'],
              [again, 'pending'],
            ]);
          });
        }));

      it('keeps deadlines and overdue marks; finds pending disputes by subject and those past their deadline', () =>
        inTx(async (tx) => {
          const a = (await tx.insertDispute(dispute('k-1', { deadlineAt: 5_000 })))!;
          const b = (await tx.insertDispute(dispute('k-2', { deadlineAt: 4_000, subject: 'person:quinn' })))!;
          // Filed before migration 7: no stored deadline, so filing + P30D.
          const legacy = (await tx.insertDispute(dispute('k-3', { filedAt: 1_000, deadlineAt: null })))!;
          const decided = (await tx.insertDispute(dispute('k-4', { deadlineAt: 1_000 })))!;
          await tx.updateDispute({
            ...(await tx.getDispute(decided))!,
            state: 'confirmed',
            decidedBy: 'vic',
            decidedAt: 2_000,
            reasons: 'Stands.',
          });
          expect((await tx.pendingDisputesOf(['person:pat'])).map((d) => d.id)).toEqual([a, legacy]);
          expect((await tx.pendingDisputesOf(['person:pat', 'person:quinn'])).map((d) => d.id)).toEqual([a, b, legacy]);
          expect(await tx.pendingDisputesOf([])).toEqual([]);
          expect((await tx.overdueDisputes(4_999, 10)).map((d) => d.id)).toEqual([b]);
          expect((await tx.overdueDisputes(5_000, 10)).map((d) => d.id)).toEqual([b, a]);
          expect((await tx.overdueDisputes(5_000, 1)).map((d) => d.id)).toEqual([b]);
          expect((await tx.overdueDisputes(1_000 + 30 * 86_400_000, 10)).map((d) => d.id)).toEqual([b, a, legacy]);
          await tx.updateDispute({ ...(await tx.getDispute(b))!, overdueAt: 4_000 });
          expect(await tx.getDispute(b)).toMatchObject({ deadlineAt: 4_000, overdueAt: 4_000, state: 'pending' });
          expect((await tx.overdueDisputes(5_000, 10)).map((d) => d.id)).toEqual([a]);
        }));

      it('creates accounts once, listed in code-point order', () =>
        inTx(async (tx) => {
          expect(
            await tx.insertAccount({
              name: 'vic',
              authority: 'city',
              roles: ['reviewer', 'admin'],
              subject: null,
              createdAt: 2,
            }),
          ).toBe(true);
          expect(
            await tx.insertAccount({
              name: 'Ann',
              authority: null,
              roles: ['subject'],
              subject: 'person:ann',
              createdAt: 1,
            }),
          ).toBe(true);
          expect(
            await tx.insertAccount({ name: 'vic', authority: 'court', roles: [], subject: null, createdAt: 3 }),
          ).toBe(false);
          expect(await tx.getAccount('vic')).toEqual({
            name: 'vic',
            authority: 'city',
            roles: ['reviewer', 'admin'],
            subject: null,
            createdAt: 2,
          });
          expect(await tx.getAccount('nobody')).toBeUndefined();
          expect((await tx.listAccounts()).map((a) => a.name)).toEqual(['Ann', 'vic']);
        }));

      it('keeps an account’s language: none until set, replaced, cleared, one per account', () =>
        inTx(async (tx) => {
          await tx.insertAccount({
            name: 'li',
            authority: null,
            roles: ['subject'],
            subject: 'person:li',
            createdAt: 1,
          });
          await tx.insertAccount({
            name: 'jo',
            authority: null,
            roles: ['subject'],
            subject: 'person:jo',
            createdAt: 1,
          });
          expect(await tx.accountLanguage('li')).toBeNull();
          await tx.setAccountLanguage('li', 'zh-CN');
          expect(await tx.accountLanguage('li')).toBe('zh-CN');
          expect(await tx.accountLanguage('jo')).toBeNull();
          await tx.setAccountLanguage('li', 'en');
          expect(await tx.accountLanguage('li')).toBe('en');
          await tx.setAccountLanguage('li', null);
          expect(await tx.accountLanguage('li')).toBeNull();
          expect(await tx.accountLanguage('nobody')).toBeNull();
        }));
    });

    describe('audit', () => {
      it('appends entries, moves heads, lists chains and pages entries', () =>
        inTx(async (tx) => {
          expect(await tx.auditHead('city')).toBeUndefined();
          expect(await tx.auditHeads()).toEqual([]);
          for (const chain of ['city', 'operator', 'City', 'city'])
            await tx.appendAudit(nextAudit(chain, await tx.auditHead(chain), 100));
          expect(await tx.auditHead('city')).toEqual({ chain: 'city', seq: 2, hash: 'city#2' });
          expect(await tx.auditHeads()).toEqual([
            { chain: 'City', seq: 1, hash: 'City#1' },
            { chain: 'city', seq: 2, hash: 'city#2' },
            { chain: 'operator', seq: 1, hash: 'operator#1' },
          ]);
          expect(await tx.auditChains()).toEqual(['City', 'city', 'operator']);
          expect(await tx.auditEntries('city', 0, 10)).toEqual([
            nextAudit('city', undefined, 100),
            nextAudit('city', { seq: 1, hash: 'city#1' }, 100),
          ]);
          expect((await tx.auditEntries('city', 1, 10)).map((e) => e.seq)).toEqual([2]);
          expect((await tx.auditEntries('city', 0, 1)).map((e) => e.seq)).toEqual([1]);
          // An entry's (chain, seq) is taken once.
          await expect(tx.appendAudit(nextAudit('city', { seq: 0, hash: 'x' }, 1))).rejects.toThrow();
        }));

      it('keeps signed checkpoints and returns the newest of each chain', () =>
        inTx(async (tx) => {
          const cp = (chain: string, size: number, at: number) => ({
            chain,
            size,
            head: String(size).repeat(64).slice(0, 64),
            note: `standing/${chain}\n${size}\n`,
            createdAt: at,
          });
          expect(await tx.latestCheckpoints()).toEqual([]);
          await tx.insertCheckpoint(cp('operator', 1, 10));
          await tx.insertCheckpoint(cp('city', 2, 10));
          await tx.insertCheckpoint(cp('city', 5, 20));
          expect(await tx.latestCheckpoints()).toEqual([cp('city', 5, 20), cp('operator', 1, 10)]);
        }));

      it('pages record rows by id and tells whether one exists', () =>
        inTx(async (tx) => {
          await tx.insertRecords([rec('k1', 'p', { evidence: 'e' }), rec('k2', 'q'), rec('k3', 'r')]);
          const all = await tx.recordsAfterId(0, 10);
          expect(all[0]).toEqual({
            id: all[0]!.id,
            authority: 'city',
            key: 'k1',
            subject: 'p',
            kind: 'traffic.jaywalking',
            occurredAt: 1_000,
            data: '{"speed":12}',
            evidence: 'e',
            hash: 'h:k1',
            retracted: false,
            submittedBy: null,
            receivedAt: 5_000,
            retractedAt: null,
            retractReason: null,
            retractedBy: null,
          });
          expect((await tx.recordsAfterId(all[0]!.id, 1)).map((r) => r.key)).toEqual(['k2']);
          expect(await tx.recordExists('city', 'k3')).toBe(true);
          expect(await tx.recordExists('city', 'K3')).toBe(false);
        }));
    });

    describe('relying parties and the access log', () => {
      it('adds parties, entitles them, and answers entitlement checks', () =>
        inTx(async (tx) => {
          for (const a of ACTIONS) await tx.addAction(a);
          expect(await tx.addParty('bank', 1)).toBe(true);
          expect(await tx.addParty('Airline', 2)).toBe(true);
          expect(await tx.addParty('bank', 3)).toBe(false);
          expect(await tx.entitle('bank', 'rental.deposit', 4)).toBe(true);
          expect(await tx.entitle('bank', 'flight.board', 5)).toBe(true);
          expect(await tx.entitle('bank', 'flight.board', 6)).toBe(false);
          expect(await tx.isEntitled('bank', 'flight.board')).toBe(true);
          expect(await tx.isEntitled('Airline', 'flight.board')).toBe(false);
          expect(await tx.entitlementsOf('bank')).toEqual(['flight.board', 'rental.deposit']);
          expect(await tx.getParty('bank')).toEqual({
            name: 'bank',
            createdAt: 1,
            actions: ['flight.board', 'rental.deposit'],
          });
          expect(await tx.getParty('nobody')).toBeUndefined();
          expect(await tx.listParties()).toEqual([
            { name: 'Airline', createdAt: 2, actions: [] },
            { name: 'bank', createdAt: 1, actions: ['flight.board', 'rental.deposit'] },
          ]);
        }));

      it('appends checks in order and reads a subject’s log oldest first', () =>
        inTx(async (tx) => {
          expect(await tx.appendAccess([])).toEqual([]);
          const first = await tx.appendAccess([
            { subject: 'p', party: 'bank', action: 'rental.deposit', effect: 'waive', at: 30 },
            { subject: 'q', party: 'operator', action: 'flight.board', effect: 'allow', at: 10 },
          ]);
          const second = await tx.appendAccess([
            { subject: 'p', party: 'mallory', action: 'flight.board', effect: 'refused', at: 20 },
            { subject: 'q', party: 'bank', action: 'rental.deposit', effect: 'allow', at: 40 },
          ]);
          // Every entry gets its own decision id, which finds it again.
          const ids = [...first, ...second];
          expect(new Set(ids).size).toBe(4);
          for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
          expect(await tx.accessByDecision(second[1]!)).toMatchObject({
            subject: 'q',
            party: 'bank',
            at: 40,
            decision: second[1],
          });
          expect(await tx.accessByDecision('0f2c1a6e-9c1b-4f7e-8d1a-2b3c4d5e6f70')).toBeUndefined();
          expect(await tx.accessByDecision('d-2')).toBeUndefined();
          const log = await tx.accessLogOf('p');
          expect(log.map((r) => [r.party, r.effect, r.at, r.decision])).toEqual([
            ['bank', 'waive', 30, first[0]],
            ['mallory', 'refused', 20, second[0]],
          ]);
          expect(log[0]!.id).toBeLessThan(log[1]!.id);
          expect(await tx.countAccess()).toBe(4);
        }));
    });

    describe('authentication', () => {
      it('records an authority’s kind once', () =>
        inTx(async (tx) => {
          await tx.ensureAuthorities(['city', 'acme'], 1);
          expect(await tx.insertAuthorityKind({ name: 'city', kind: 'government', title: 'City of Example' })).toBe(
            true,
          );
          expect(await tx.insertAuthorityKind({ name: 'city', kind: 'business', title: null })).toBe(false);
          expect(await tx.insertAuthorityKind({ name: 'acme', kind: 'business', title: null })).toBe(true);
          expect(await tx.getAuthorityKind('city')).toEqual({
            name: 'city',
            kind: 'government',
            title: 'City of Example',
          });
          expect(await tx.getAuthorityKind('none')).toBeUndefined();
          expect((await tx.listAuthorityKinds()).map((k) => k.name)).toEqual(['acme', 'city']);
        }));

      it('refuses a key of both an authority and a party, or of neither, rather than passing over it', () =>
        withStore(async (store) => {
          await store.transaction(async (tx) => {
            await tx.ensureAuthorities(['city'], 1);
            await tx.addParty('bank', 1);
          });
          const key = (id: string, authority: string | null, party: string | null): ApiKeyRow => ({
            id,
            hash: `sha:${id}`,
            authority,
            roles: [],
            party,
            label: null,
            createdAt: 10,
            lastUsedAt: null,
            revokedAt: null,
            createdBy: null,
          });
          await expect(store.transaction((tx) => tx.insertApiKey(key('both', 'city', 'bank')))).rejects.toThrow();
          await expect(store.transaction((tx) => tx.insertApiKey(key('neither', null, null)))).rejects.toThrow();
          expect(await store.transaction((tx) => tx.listApiKeys({ includeRevoked: true }))).toEqual([]);
        }));

      it('tells watchers of key revocations (where the store reports them) when a revocation commits, not when it rolls back', () =>
        withStore(async (store) => {
          if (store.watchKeyRevocations === undefined) return; // SQLite: key caches expire instead.
          await store.transaction(async (tx) => {
            await tx.ensureAuthorities(['city'], 1);
            for (const id of ['k1', 'k2'])
              await tx.insertApiKey({
                id,
                hash: `sha:${id}`,
                authority: 'city',
                roles: ['reporter'],
                party: null,
                label: null,
                createdAt: 10,
                lastUsedAt: null,
                revokedAt: null,
                createdBy: null,
              });
          });
          const heard: (string | null)[] = [];
          const waitFor = async (n: number): Promise<void> => {
            for (let i = 0; i < 500 && heard.length < n; i++) await new Promise((r) => setTimeout(r, 10));
          };
          const stop = store.watchKeyRevocations((id) => heard.push(id));
          try {
            await waitFor(1); // null: listening (re)started, anything cached may be stale
            expect(heard).toEqual([null]);
            await expect(
              store.transaction(async (tx) => {
                expect(await tx.revokeApiKey('k1', 50)).toBe(true);
                throw new Error('rolled back');
              }),
            ).rejects.toThrow('rolled back');
            await store.transaction(async (tx) => {
              expect(await tx.revokeApiKey('k2', 60)).toBe(true);
              expect(await tx.revokeApiKey('k2', 61)).toBe(false);
            });
            await waitFor(2);
            expect(heard).toEqual([null, 'k2']);
          } finally {
            stop();
          }
        }));

      it('keeps API keys by id, lists them by filter, revokes once', () =>
        inTx(async (tx) => {
          await tx.ensureAuthorities(['city'], 1);
          await tx.addParty('bank', 1);
          const key = (id: string, over: Partial<ApiKeyRow> = {}): ApiKeyRow => ({
            id,
            hash: `sha:${id}`,
            authority: 'city',
            roles: ['reporter', 'reviewer'],
            party: null,
            label: null,
            createdAt: 10,
            lastUsedAt: null,
            revokedAt: null,
            createdBy: null,
            ...over,
          });
          expect(await tx.insertApiKey(key('k2'))).toBe(true);
          expect(await tx.insertApiKey(key('k1', { label: 'ingest', createdBy: 'ann' }))).toBe(true);
          expect(await tx.insertApiKey(key('p1', { authority: null, roles: [], party: 'bank', createdAt: 5 }))).toBe(
            true,
          );
          expect(await tx.insertApiKey(key('k1'))).toBe(false);
          expect(await tx.getApiKey('k1')).toEqual(key('k1', { label: 'ingest', createdBy: 'ann' }));
          expect(await tx.getApiKey('none')).toBeUndefined();
          expect((await tx.listApiKeys({})).map((k) => k.id)).toEqual(['p1', 'k1', 'k2']);
          expect((await tx.listApiKeys({ authority: 'city' })).map((k) => k.id)).toEqual(['k1', 'k2']);
          expect((await tx.listApiKeys({ party: 'bank' })).map((k) => k.id)).toEqual(['p1']);
          expect(await tx.revokeApiKey('k1', 50)).toBe(true);
          expect(await tx.revokeApiKey('k1', 60)).toBe(false);
          expect(await tx.revokeApiKey('none', 60)).toBe(false);
          expect((await tx.listApiKeys({ authority: 'city' })).map((k) => k.id)).toEqual(['k2']);
          expect(
            (await tx.listApiKeys({ authority: 'city', includeRevoked: true })).map((k) => [k.id, k.revokedAt]),
          ).toEqual([
            ['k1', 50],
            ['k2', null],
          ]);
          await tx.touchApiKey('k2', 70);
          expect((await tx.getApiKey('k2'))?.lastUsedAt).toBe(70);
          expect((await tx.getApiKey('k1'))?.lastUsedAt).toBeNull();
        }));

      it("keeps subjects' contact settings: one row per subject, replaced, listed in code-point order", () =>
        inTx(async (tx) => {
          expect(await tx.getSubjectSettings('person:1')).toBeUndefined();
          const row = {
            subject: 'person:1',
            email: AWKWARD,
            language: 'zh-CN' as const,
            updatedAt: 5,
            updatedBy: 'p1',
          };
          await tx.putSubjectSettings(row);
          expect(await tx.getSubjectSettings('person:1')).toEqual(row);
          await tx.putSubjectSettings({ ...row, email: null, language: 'en', updatedAt: 6, updatedBy: null });
          expect(await tx.getSubjectSettings('person:1')).toEqual({
            subject: 'person:1',
            email: null,
            language: 'en',
            updatedAt: 6,
            updatedBy: null,
          });
          for (const subject of [...CODE_POINT_ORDER].reverse())
            await tx.putSubjectSettings({ ...row, subject, updatedAt: 7 });
          const expected = [...CODE_POINT_ORDER];
          expected.splice(5, 0, 'person:1');
          expect((await tx.listSubjectSettings()).map((r) => r.subject)).toEqual(expected);
        }));

      it('keeps the notice e-mail outbox: claims what is due once, leases it, records outcomes', () =>
        inTx(async (tx) => {
          const base = {
            listingId: 7,
            subject: 'person:1',
            address: 'a@example.org',
            language: 'en' as const,
            state: 'queued' as const,
            createdAt: 100,
          };
          const a = await tx.insertNoticeMail({ ...base, messageId: 1, nextAttemptAt: 100 });
          const b = await tx.insertNoticeMail({ ...base, messageId: 2, nextAttemptAt: 300 });
          const none = await tx.insertNoticeMail({
            ...base,
            messageId: 3,
            address: null,
            state: 'no-address',
            nextAttemptAt: null,
          });
          expect(await tx.claimNoticeMail(50, 1000, 10)).toEqual([]);
          const claimed = await tx.claimNoticeMail(200, 1000, 10);
          expect(claimed.map((m) => [m.id, m.attempts, m.nextAttemptAt])).toEqual([[a, 1, 1000]]);
          expect(claimed[0]).toMatchObject({ messageId: 1, listingId: 7, address: 'a@example.org', state: 'queued' });
          // Leased: not claimed again before the lease ends.
          expect((await tx.claimNoticeMail(400, 2000, 10)).map((m) => m.id)).toEqual([b]);
          await tx.updateNoticeMail(a, {
            state: 'retrying',
            nextAttemptAt: 500,
            lastError: AWKWARD,
            smtpId: null,
            sentAt: null,
          });
          await tx.updateNoticeMail(b, {
            state: 'sent',
            nextAttemptAt: null,
            lastError: null,
            smtpId: '<x@y>',
            sentAt: 410,
          });
          expect((await tx.claimNoticeMail(600, 3000, 10)).map((m) => [m.id, m.attempts])).toEqual([[a, 2]]);
          const all = await tx.noticeMails();
          expect(all.map((m) => [m.id, m.state])).toEqual([
            [a, 'retrying'],
            [b, 'sent'],
            [none, 'no-address'],
          ]);
          expect(all[0]!.lastError).toBe(AWKWARD);
          expect(all[1]).toMatchObject({ smtpId: '<x@y>', sentAt: 410, nextAttemptAt: null, attempts: 1 });
          expect(await tx.noticeMails('person:2')).toEqual([]);
          expect((await tx.noticeMails('person:1')).length).toBe(3);
        }));

      it('keeps data-sharing grants: grants, revokes once, grants again with a new purpose', () =>
        inTx(async (tx) => {
          await tx.ensureAuthorities(['city', 'court', 'acme'], 1);
          expect(await tx.listShares()).toEqual([]);
          expect(await tx.putShare({ from: 'court', to: 'city', purpose: 'convictions', grantedAt: 10 })).toEqual({
            from: 'court',
            to: 'city',
            purpose: 'convictions',
            grantedAt: 10,
            revokedAt: null,
          });
          await tx.putShare({ from: 'court', to: 'acme', purpose: 'judgments', grantedAt: 11 });
          expect(await tx.revokeShare('court', 'city', 20)).toBe(true);
          expect(await tx.revokeShare('court', 'city', 21)).toBe(false);
          expect(await tx.revokeShare('city', 'court', 21)).toBe(false);
          expect((await tx.listShares()).map((x) => [x.from, x.to, x.revokedAt])).toEqual([
            ['court', 'acme', null],
            ['court', 'city', 20],
          ]);
          await tx.putShare({ from: 'court', to: 'city', purpose: 'convictions, again', grantedAt: 30 });
          expect((await tx.listShares()).find((x) => x.to === 'city')).toEqual({
            from: 'court',
            to: 'city',
            purpose: 'convictions, again',
            grantedAt: 30,
            revokedAt: null,
          });
        }));

      it('keeps passes: finds them by id and token hash, lists a subject newest first, revokes once', () =>
        inTx(async (tx) => {
          const pass = (id: string, subject: string, createdAt: number) => ({
            id,
            subject,
            purpose: 'rental.deposit',
            recipient: null,
            tokenHash: `h-${id}`,
            createdAt,
            expiresAt: createdAt + 1000,
            revokedAt: null,
            createdBy: null,
          });
          await tx.insertPass(pass('p1', 'person:a', 10));
          await tx.insertPass({
            ...pass('p2', 'person:a', 20),
            purpose: 'scheme:city/civic',
            recipient: AWKWARD,
            createdBy: 'ann',
          });
          await tx.insertPass(pass('p3', 'person:b', 15));
          expect(await tx.getPass('p2')).toEqual({
            ...pass('p2', 'person:a', 20),
            purpose: 'scheme:city/civic',
            recipient: AWKWARD,
            createdBy: 'ann',
          });
          expect((await tx.passByTokenHash('h-p3'))?.id).toBe('p3');
          expect(await tx.passByTokenHash('p3')).toBeUndefined();
          expect((await tx.passesOf('person:a')).map((p) => p.id)).toEqual(['p2', 'p1']);
          expect(await tx.revokePass('p1', 50)).toBe(true);
          expect(await tx.revokePass('p1', 60)).toBe(false);
          expect(await tx.revokePass('none', 60)).toBe(false);
          expect((await tx.listPasses()).map((p) => [p.id, p.revokedAt])).toEqual([
            ['p1', 50],
            ['p2', null],
            ['p3', null],
          ]);
        }));

      it('keeps reports: queues them by authority and state, counts a reporter’s recent ones, tallies decisions, decides once', () =>
        inTx(async (tx) => {
          const report = (id: string, reporter: string, filedAt: number, authority = 'city') => ({
            id,
            authority,
            subject: 'person:a',
            kind: 'civic.littering',
            occurredAt: filedAt - 5,
            data: '{"place":"Main St"}',
            description: AWKWARD,
            reporter,
            reporterAuthority: null,
            filedAt,
            state: 'open' as const,
            decidedBy: null,
            decidedAt: null,
            reasons: null,
            recordKey: null,
          });
          await tx.insertReport(report('r2', 'ann', 20));
          await tx.insertReport(report('r1', 'ann', 10));
          await tx.insertReport({ ...report('r3', 'key:abc', 30), reporterAuthority: 'acme' });
          await tx.insertReport(report('r4', 'ann', 40, 'court'));
          expect(await tx.getReport('r3')).toEqual({ ...report('r3', 'key:abc', 30), reporterAuthority: 'acme' });
          expect(await tx.getReport('none')).toBeUndefined();
          expect((await tx.reportsTo('city', 'open', 10)).map((r) => r.id)).toEqual(['r1', 'r2', 'r3']);
          expect((await tx.reportsTo('city', 'open', 2)).map((r) => r.id)).toEqual(['r1', 'r2']);
          expect((await tx.reportsBy('ann', 10)).map((r) => r.id)).toEqual(['r4', 'r2', 'r1']);
          expect(await tx.countReportsSince('ann', 'city', 10)).toBe(2);
          expect(await tx.countReportsSince('ann', 'city', 11)).toBe(1);
          const accepted = {
            ...report('r1', 'ann', 10),
            state: 'accepted' as const,
            decidedBy: 'rev',
            decidedAt: 50,
            reasons: 'seen',
            recordKey: 'report-r1',
          };
          expect(await tx.decideReport(accepted)).toBe(true);
          expect(await tx.decideReport({ ...accepted, state: 'rejected', recordKey: null })).toBe(false);
          expect(
            await tx.decideReport({
              ...report('r2', 'ann', 20),
              state: 'rejected',
              decidedBy: 'rev',
              decidedAt: 60,
              reasons: 'no',
            }),
          ).toBe(true);
          expect(await tx.getReport('r1')).toEqual(accepted);
          expect((await tx.reportsTo('city', 'open', 10)).map((r) => r.id)).toEqual(['r3']);
          expect((await tx.reportsTo('city', null, 10)).map((r) => [r.id, r.state])).toEqual([
            ['r1', 'accepted'],
            ['r2', 'rejected'],
            ['r3', 'open'],
          ]);
          expect(await tx.reporterTallies('city', ['ann', 'key:abc', 'nobody'])).toEqual([
            { reporter: 'ann', accepted: 1, rejected: 1 },
            { reporter: 'key:abc', accepted: 0, rejected: 0 },
          ]);
          expect(await tx.reporterTallies('city', [])).toEqual([]);
          expect((await tx.acceptedReportsAbout('person:a')).map((r) => r.id)).toEqual(['r1']);
          expect((await tx.listReports()).map((r) => r.id)).toEqual(['r1', 'r2', 'r3', 'r4']);
        }));

      it('sets and replaces passwords; opens, finds and ends sessions', () =>
        inTx(async (tx) => {
          await tx.insertAccount({
            name: 'ann',
            authority: null,
            roles: ['subject'],
            subject: 'person:ann',
            createdAt: 1,
          });
          await tx.insertAccount({
            name: 'bob',
            authority: null,
            roles: ['subject'],
            subject: 'person:bob',
            createdAt: 1,
          });
          expect(await tx.getPassword('ann')).toBeUndefined();
          await tx.putPassword({ account: 'ann', hash: 'scrypt$1', changedAt: 5 });
          await tx.putPassword({ account: 'ann', hash: 'scrypt$2', changedAt: 6 });
          expect(await tx.getPassword('ann')).toEqual({ account: 'ann', hash: 'scrypt$2', changedAt: 6 });
          for (const [t, account, expiresAt] of [
            ['t1', 'ann', 100],
            ['t2', 'ann', 200],
            ['t3', 'bob', 100],
            ['t4', 'bob', 300],
          ] as const) {
            await tx.insertSession({ tokenHash: t, account, createdAt: 1, expiresAt });
          }
          expect(await tx.getSession('t4')).toEqual({ tokenHash: 't4', account: 'bob', createdAt: 1, expiresAt: 300 });
          expect(await tx.deleteSession('t4')).toBe(true);
          expect(await tx.deleteSession('t4')).toBe(false);
          expect(await tx.getSession('t4')).toBeUndefined();
          expect(await tx.deleteExpiredSessions(100)).toBe(2);
          expect(await tx.deleteSessionsOf('ann')).toBe(1);
          expect(await tx.deleteSessionsOf('ann')).toBe(0);
        }));

      it('issues enrolment codes and uses each once', () =>
        inTx(async (tx) => {
          await tx.ensureAuthorities(['city'], 1);
          await tx.insertAccount({ name: 'ann', authority: 'city', roles: ['admin'], subject: null, createdAt: 1 });
          await tx.insertAccount({
            name: 'pat',
            authority: null,
            roles: ['subject'],
            subject: 'person:pat',
            createdAt: 2,
          });
          const code = {
            codeHash: 'c1',
            subject: 'person:pat',
            authority: 'city',
            issuedBy: 'ann',
            createdAt: 10,
            expiresAt: 100,
            usedAt: null,
            account: null,
          };
          expect(await tx.insertEnrolment(code)).toBe(true);
          expect(await tx.insertEnrolment({ ...code, subject: 'person:other' })).toBe(false);
          expect(await tx.getEnrolment('c1')).toEqual(code);
          expect(await tx.useEnrolment('c1', 50, 'pat')).toBe(true);
          expect(await tx.useEnrolment('c1', 60, 'pat')).toBe(false);
          expect(await tx.getEnrolment('c1')).toEqual({ ...code, usedAt: 50, account: 'pat' });
          expect(await tx.getEnrolment('none')).toBeUndefined();
        }));
    });

    describe('transparency', () => {
      it('pages the active entries of a list in code-point order and counts listings and appeals by authority', () =>
        inTx(async (tx) => {
          for (const s of [...CODE_POINT_ORDER].reverse())
            await tx.insertListing(listing(s, { state: 'active', activeSince: 100 }));
          await tx.insertListing(listing('noticed-only'));
          const ended = await tx.insertListing(
            listing('gone', { state: 'ended', activeSince: 10, endedAt: 20, endReason: 'condition-stopped' }),
          );
          await tx.insertListing(listing('court-p', { authority: 'court', state: 'active', activeSince: 5 }));
          const page = await tx.activeEntriesOfList(REF, 'ban', null, 3);
          expect(page.map((e) => e.subject)).toEqual(CODE_POINT_ORDER.slice(0, 3));
          expect(page[0]).toEqual({ listing: expect.any(Number) as number, subject: 'B', since: 100 });
          expect((await tx.activeEntriesOfList(REF, 'ban', 'k-9', 100)).map((e) => e.subject)).toEqual(
            CODE_POINT_ORDER.slice(4),
          );
          expect(await tx.activeEntriesOfList(REF, 'other', null, 10)).toEqual([]);
          expect(await tx.listingCountsByAuthority()).toEqual([
            { authority: 'city', started: CODE_POINT_ORDER.length + 2, ended: 1 },
            { authority: 'court', started: 1, ended: 0 },
          ]);
          await tx.insertAppeal(
            appeal(ended, { filedAt: 0, state: 'upheld', decidedAt: 300, decidedBy: 'vic', reasons: 'r' }),
          );
          await tx.insertAppeal(
            appeal(ended + 100, { filedAt: 0, state: 'overturned', decidedAt: 100, decidedBy: 'vic', reasons: 'r' }),
          );
          await tx.insertAppeal(
            appeal(ended + 101, { filedAt: 0, state: 'overturned', decidedAt: 200, decidedBy: 'vic', reasons: 'r' }),
          );
          await tx.insertAppeal(appeal(ended + 102));
          await tx.insertAppeal(appeal(ended + 103, { authority: 'court' }));
          expect(await tx.appealCountsByAuthority()).toEqual([
            { authority: 'city', filed: 4, upheld: 1, overturned: 2 },
            { authority: 'court', filed: 1, upheld: 0, overturned: 0 },
          ]);
          expect(await tx.appealDecisionTimeAt('city', 0)).toBe(100);
          expect(await tx.appealDecisionTimeAt('city', 1)).toBe(200);
          expect(await tx.appealDecisionTimeAt('city', 2)).toBe(300);
          expect(await tx.appealDecisionTimeAt('city', 3)).toBeUndefined();
          expect(await tx.appealDecisionTimeAt('court', 0)).toBeUndefined();
        }));

      it('counts disputes filed, pending and past their deadline, per authority', () =>
        inTx(async (tx) => {
          expect(await tx.disputeCountsByAuthority(0)).toEqual([]);
          await tx.insertDispute(dispute('k-1', { deadlineAt: 5_000 }));
          await tx.insertDispute(dispute('k-2', { deadlineAt: 9_000 }));
          await tx.insertDispute(dispute('k-3', { deadlineAt: 1_000, state: 'confirmed', decidedAt: 2_000 }));
          await tx.insertDispute(dispute('k-4', { authority: 'court', deadlineAt: null, filedAt: 0 }));
          expect(await tx.disputeCountsByAuthority(5_000)).toEqual([
            { authority: 'city', filed: 3, pending: 2, overdue: 1 },
            { authority: 'court', filed: 1, pending: 1, overdue: 0 },
          ]);
          expect(await tx.disputeCountsByAuthority(30 * 86_400_000)).toEqual([
            { authority: 'city', filed: 3, pending: 2, overdue: 2 },
            { authority: 'court', filed: 1, pending: 1, overdue: 1 },
          ]);
        }));
    });

    describe('transactions', () => {
      it('returns what the function returns and commits its writes', () =>
        withStore(async (store) => {
          expect(await store.transaction(async (tx) => (await tx.insertRecords([rec('k1', 'p')])).length)).toBe(1);
          expect(await store.transaction((tx) => tx.recordExists('city', 'k1'))).toBe(true);
          expect(typeof store.location).toBe('string');
        }));

      it('rolls back everything when the function throws, and passes the error on', () =>
        withStore(async (store) => {
          const boom = new Error('boom');
          await expect(
            store.transaction(async (tx) => {
              await tx.setMeta('x', '1');
              await tx.ensureAuthorities(['city'], 1);
              await tx.insertRecords([rec('k1', 'p')]);
              await tx.markDirty(['p']);
              await tx.putStates([state('p')]);
              const id = await tx.insertListing(listing('p'));
              await tx.insertNotice({ subject: 'p', authority: 'city', at: 1, body: noticeBody(id, 'p', 'city', 1) });
              await tx.appendAudit(nextAudit('city', undefined, 1));
              throw boom;
            }),
          ).rejects.toBe(boom);
          await store.transaction(async (tx) => {
            expect(await tx.getMeta('x')).toBeUndefined();
            expect(await tx.listAuthorities()).toEqual([]);
            expect(await tx.recordExists('city', 'k1')).toBe(false);
            expect(await tx.takeDirty(10)).toEqual([]);
            expect(await tx.getStates(REF, ['p'])).toEqual([]);
            expect(await tx.listingsOfSubject('p')).toEqual([]);
            expect(await tx.messagesOf('p')).toEqual([]);
            expect(await tx.auditHeads()).toEqual([]);
            expect(await tx.auditChains()).toEqual([]);
          });
        }));

      it('rolls back the writes before a failing statement, and the store stays usable', () =>
        withStore(async (store) => {
          await store.transaction((tx) => tx.insertListing(listing('p')));
          await expect(
            store.transaction(async (tx) => {
              await tx.setMeta('x', '1');
              await tx.insertListing(listing('p'));
            }),
          ).rejects.toThrow();
          expect(await store.transaction((tx) => tx.getMeta('x'))).toBeUndefined();
          await store.transaction((tx) => tx.setMeta('x', '2'));
          expect(await store.transaction((tx) => tx.getMeta('x'))).toBe('2');
        }));

      it('reads committed data outside a transaction, and passes errors on', () =>
        withStore(async (store) => {
          await store.transaction((tx) => tx.insertRecords([rec('k1', 'p')]));
          expect(
            await store.read(async (tx) => [
              await tx.recordExists('city', 'k1'),
              await tx.subjectsAfter(['city'], null, 10),
            ]),
          ).toEqual([true, ['p']]);
          const boom = new Error('boom');
          await expect(store.read(() => Promise.reject(boom))).rejects.toBe(boom);
          expect(await store.read((tx) => tx.getMeta('x'))).toBeUndefined();
        }));

      it('keeps an audit chain linear when many transactions append to it at once', () =>
        withStore(async (store) => {
          const n = 24;
          await Promise.all(
            Array.from({ length: n }, (_, i) =>
              store.transaction(async (tx) => {
                const head = await tx.auditHead('city');
                // Give other transactions the chance to interleave between the read and the write.
                await new Promise((r) => setTimeout(r, i % 3));
                await tx.appendAudit(nextAudit('city', head, i));
              }),
            ),
          );
          await store.transaction(async (tx) => {
            expect(await tx.auditHead('city')).toEqual({ chain: 'city', seq: n, hash: `city#${n}` });
            const entries = await tx.auditEntries('city', 0, 100);
            expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
            entries.forEach((e, i) => expect(e.prev).toBe(i === 0 ? 'genesis' : `city#${i}`));
          });
        }));

      it('hands each dirty subject to exactly one of several concurrent takers', () =>
        withStore(async (store) => {
          const subjects = Array.from({ length: 200 }, (_, i) => `s-${String(i).padStart(3, '0')}`);
          await store.transaction((tx) => tx.markDirty(subjects));
          const takes = await Promise.all(
            Array.from({ length: 6 }, () =>
              store.transaction(async (tx) => {
                const got: string[] = [];
                for (let batch = await tx.takeDirty(15); batch.length > 0; batch = await tx.takeDirty(15))
                  got.push(...batch);
                return got;
              }),
            ),
          );
          const all = takes.flat();
          expect(all).toHaveLength(subjects.length);
          expect(new Set(all)).toEqual(new Set(subjects));
        }));

      it('keeps a subject marked dirty until a sweep that began after the marking transaction takes it', () =>
        withStore(async (store) => {
          await store.transaction((tx) => tx.markDirty(['p']));
          const events: string[] = [];
          // The marker writes facts about p for a while; a sweep tries to take p meanwhile.
          const marker = store.transaction(async (tx) => {
            await tx.markDirty(['p']);
            await new Promise((r) => setTimeout(r, 50));
            events.push('marked');
          });
          await new Promise((r) => setTimeout(r, 10));
          const early = await store.transaction(async (tx) => {
            const taken = await tx.takeDirty(10);
            // When the take ended: on a loaded machine it may start long after the transaction did.
            events.push('sweep');
            return taken;
          });
          await marker;
          const late = await store.transaction((tx) => tx.takeDirty(10));
          // Never lost: still there for the next sweep, unless the early sweep ran after the marker (SQLite's one
          // writer). (On a loaded machine the marker may not have marked p yet when the sweep takes the first mark:
          // then p is marked again, and the next sweep takes it.)
          expect(
            late.includes('p') || (early.includes('p') && events.indexOf('sweep') > events.indexOf('marked')),
          ).toBe(true);
        }));

      it('runs an exclusive sweep lock alone: no other holder of the lock runs beside it', () =>
        withStore(async (store) => {
          const trace: string[] = [];
          const holder = (name: string, mode: 'shared' | 'exclusive') =>
            store.transaction(async (tx) => {
              await tx.lockSweep(mode);
              trace.push(`${name}+`);
              await new Promise((r) => setTimeout(r, 30));
              trace.push(`${name}-`);
            });
          await Promise.all([
            holder('x1', 'exclusive'),
            holder('s1', 'shared'),
            holder('x2', 'exclusive'),
            holder('s2', 'shared'),
          ]);
          // Each exclusive holder's start is followed at once by its own end.
          for (const x of ['x1', 'x2']) expect(trace[trace.indexOf(`${x}+`) + 1]).toBe(`${x}-`);
          expect(trace).toHaveLength(8);
        }));

      it('reads one snapshot in a transaction that asked for it, whatever commits meanwhile', () =>
        withStore(async (store) => {
          await store.transaction((tx) => tx.insertRecords([rec('k1', 'p')]));
          let committed!: () => void;
          const written = new Promise<void>((r) => (committed = r));
          let snapshotTaken!: () => void;
          const taken = new Promise<void>((r) => (snapshotTaken = r));
          const reader = store.transaction(async (tx) => {
            await tx.readSnapshot();
            const before = await tx.subjectsAfter(['city'], null, 10);
            snapshotTaken();
            // Let the writer commit where it can (PostgreSQL); SQLite runs it after this transaction.
            await Promise.race([written, new Promise((r) => setTimeout(r, 300))]);
            return [before, await tx.subjectsAfter(['city'], null, 10), await tx.recordExists('city', 'k2')];
          });
          // The writer starts once the reader's snapshot is taken: before that, it may commit into it.
          const writer = taken
            .then(() => store.transaction((tx) => tx.insertRecords([rec('k2', 'q')])))
            .then(committed);
          expect(await reader).toEqual([['p'], ['p'], false]);
          await writer;
          expect(await store.transaction((tx) => tx.subjectsAfter(['city'], null, 10))).toEqual(['p', 'q']);
        }));

      it('reads one snapshot with snapshot(), and a writer commits meanwhile without waiting for it', () =>
        withStore(async (store) => {
          await store.transaction((tx) => tx.insertRecords([rec('k1', 'p')]));
          let snapshotTaken!: () => void;
          const taken = new Promise<void>((r) => (snapshotTaken = r));
          let writerDone = false;
          const reader = store.snapshot(async (tx) => {
            const before = await tx.subjectsAfter(['city'], null, 10);
            snapshotTaken();
            // A file or a server database lets the writer commit while this snapshot is open.
            for (let i = 0; i < 100 && !writerDone; i++) await new Promise((r) => setTimeout(r, 10));
            return [
              before,
              await tx.subjectsAfter(['city'], null, 10),
              await tx.recordExists('city', 'k2'),
              writerDone,
            ];
          });
          const writer = taken
            .then(() => store.transaction((tx) => tx.insertRecords([rec('k2', 'q')])))
            .then(() => (writerDone = true));
          const [before, after, k2, committedMeanwhile] = await reader;
          expect([before, after, k2]).toEqual([['p'], ['p'], false]);
          // One in-memory SQLite connection runs the writer after the snapshot; every other store does not make it wait.
          expect(committedMeanwhile).toBe(!store.location.includes(':memory:'));
          await writer;
          expect(await store.snapshot((tx) => tx.subjectsAfter(['city'], null, 10))).toEqual(['p', 'q']);
        }));

      it('gives each due notice e-mail to one of several concurrent claimers', () =>
        withStore(async (store) => {
          await store.transaction(async (tx) => {
            for (let i = 1; i <= 12; i++)
              await tx.insertNoticeMail({
                messageId: i,
                listingId: i,
                subject: `person:${i}`,
                address: 'a@example.org',
                language: 'en',
                state: 'queued',
                nextAttemptAt: 10,
                createdAt: 10,
              });
          });
          const taken = await Promise.all(
            Array.from({ length: 4 }, () => store.transaction((tx) => tx.claimNoticeMail(20, 1000, 5))),
          );
          const ids = taken.flat().map((m) => m.messageId);
          expect(ids).toHaveLength(12);
          expect(new Set(ids).size).toBe(12);
        }));

      it('inserts a record once when concurrent batches carry it', () =>
        withStore(async (store) => {
          const outcomes = await Promise.all(
            Array.from({ length: 8 }, () =>
              store.transaction((tx) => tx.insertRecords([rec('k1', 'p'), rec('k2', 'p')])),
            ),
          );
          expect(outcomes.flat().filter((o) => o === 'inserted')).toHaveLength(2);
          expect(outcomes.flat().filter((o) => o === 'duplicate')).toHaveLength(14);
        }));
    });

    describe('shadow and pending versions', () => {
      const candidate = (version: number, status: 'shadow' | 'pending' = 'shadow') => ({
        authority: 'city',
        scheme: 'citizen',
        version,
        source: `scheme: citizen # ${version}`,
        content: '{}',
        status,
        publishedAt: 1_000 + version,
        publishedBy: version % 2 === 0 ? 'ada' : null,
        requestedBy: null,
        gate: status === 'pending' ? '{"held":true}' : null,
        decidedAt: null,
        decidedBy: null,
      });
      const shadow = (subject: string, version: number, over: Partial<SubjectState> = {}): SubjectState => ({
        authority: 'city',
        scheme: 'citizen',
        subject,
        version,
        judged: true,
        score: 90,
        grade: 'A',
        lists: ['good-standing'],
        nextChange: null,
        evaluatedAt: 5,
        ...over,
      });
      const ref = { authority: 'city', scheme: 'citizen' };

      it('keeps candidates in (authority, scheme, version) order and updates their state', () =>
        withStore(async (store) => {
          await store.transaction(async (tx) => {
            await tx.insertCandidate(candidate(3, 'pending'));
            await tx.insertCandidate(candidate(2));
            await tx.insertCandidate({ ...candidate(2), authority: 'tax', scheme: 'payers' });
          });
          const all = await store.transaction((tx) => tx.candidates());
          expect(all.map((c) => `${c.authority}/${c.scheme}@${c.version}:${c.status}`)).toEqual([
            'city/citizen@2:shadow',
            'city/citizen@3:pending',
            'tax/payers@2:shadow',
          ]);
          expect(all[1]).toEqual(candidate(3, 'pending'));
          const updated = { ...candidate(2), status: 'withdrawn' as const, decidedAt: 9, decidedBy: 'bea' };
          expect(await store.transaction((tx) => tx.updateCandidate(ref, 2, updated))).toBe(true);
          expect(await store.transaction((tx) => tx.updateCandidate(ref, 7, updated))).toBe(false);
          expect((await store.transaction((tx) => tx.candidates('citizen'))).map((c) => c.status)).toEqual([
            'withdrawn',
            'pending',
          ]);
        }));

      it('writes shadow states once per key (a second write replaces), reads them by subject and in pages, deletes by subject or all', () =>
        withStore(async (store) => {
          const subjects = Array.from({ length: 1200 }, (_, i) => `person:${String(i).padStart(4, '0')}`);
          await store.transaction((tx) => tx.putShadowStates([]));
          await store.transaction((tx) =>
            tx.putShadowStates([...subjects.map((s) => shadow(s, 2)), shadow('person:0001', 3, { judged: false })]),
          );
          // Replaced, not added: the new values, lists and a null score and grade as written.
          const changed = shadow('person:0001', 2, {
            score: null,
            grade: null,
            lists: [],
            nextChange: 77,
            evaluatedAt: 6,
          });
          await store.transaction((tx) => tx.putShadowStates([changed]));
          expect(await store.transaction((tx) => tx.shadowStatesOfSubject('person:0001'))).toEqual([
            changed,
            shadow('person:0001', 3, { judged: false }),
          ]);
          const page = await store.transaction((tx) => tx.shadowStatesAfter(ref, 2, 'person:0997', 5));
          expect(page.map((s) => s.subject)).toEqual([
            'person:0998',
            'person:0999',
            'person:1000',
            'person:1001',
            'person:1002',
          ]);
          await store.transaction((tx) => tx.deleteShadowStates(ref, 2, subjects.slice(0, 1100)));
          await store.transaction((tx) => tx.deleteShadowStates(ref, 2, []));
          expect((await store.transaction((tx) => tx.shadowStatesAfter(ref, 2, null, 500))).length).toBe(100);
          await store.transaction((tx) => tx.deleteShadowStates(ref, 2, null));
          expect(await store.transaction((tx) => tx.shadowStatesAfter(ref, 2, null, 500))).toEqual([]);
          expect(
            (await store.transaction((tx) => tx.shadowStatesOfSubject('person:0001'))).map((s) => s.version),
          ).toEqual([3]);
        }));
    });

    describe('outbox and webhooks', () => {
      const endpoint = (id: string, over: Partial<WebhookEndpointRow> = {}): WebhookEndpointRow => ({
        id,
        url: `https://hooks.example.org/${id}`,
        events: ['*'],
        party: null,
        authority: null,
        secretGeneration: 1,
        createdAt: 10,
        createdBy: 'operator',
        disabledAt: null,
        ...over,
      });
      const event = (id: string, subject: string, over: Partial<NewOutboxEvent> = {}): NewOutboxEvent => ({
        id,
        type: 'consent.changed',
        at: 100,
        authority: 'city',
        subject,
        schemaVersion: 1,
        payload: JSON.stringify({ scheme: 'civic', optIn: true }),
        parties: [],
        ...over,
      });
      /** Appends an event and fans it out to `endpoints`, due at its instant; returns its seq. */
      const told = async (tx: StoreTx, e: NewOutboxEvent, endpoints: readonly string[]): Promise<number> => {
        const seq = await tx.insertOutboxEvent(e);
        await tx.insertDeliveries(seq, e.subject, endpoints, e.at);
        await tx.setFanOut(seq, endpoints.at(-1) ?? null, true);
        return seq;
      };
      const ok = (at: number): AttemptOutcome => ({ at, ok: true, status: '204', latencyMs: 12, nextAt: null });
      const failed = (at: number, nextAt: number | null): AttemptOutcome => ({
        at,
        ok: false,
        status: 'timeout',
        latencyMs: 10_000,
        nextAt,
      });
      const claimed = (c: readonly ClaimedDelivery[]) =>
        c.map((x) => [x.endpoint.id, x.event.id]).sort((a, b) => (a.join() < b.join() ? -1 : 1));

      it('appends events in commit order and reads them after a seq, every field round-tripped', () =>
        inTx(async (tx) => {
          expect(await tx.outboxEvents(0, 10)).toEqual([]);
          const a = event('evt_a', 'person:1', { payload: JSON.stringify({ note: AWKWARD }) });
          const b = event('evt_b', '😀', { type: 'sanction.lifted', parties: ['airline', 'bank'], schemaVersion: 2 });
          const c = event('evt_c', 'person:1', { at: 90 });
          const seqs = [await tx.insertOutboxEvent(a), await tx.insertOutboxEvent(b), await tx.insertOutboxEvent(c)];
          expect(seqs[0]! < seqs[1]! && seqs[1]! < seqs[2]!).toBe(true);
          expect(await tx.outboxEvents(0, 10)).toEqual([
            { ...a, seq: seqs[0] },
            { ...b, seq: seqs[1] },
            { ...c, seq: seqs[2] },
          ]);
          expect(JSON.parse((await tx.outboxEvents(0, 1))[0]!.payload)).toEqual({ note: AWKWARD });
          expect((await tx.outboxEvents(seqs[0]!, 1)).map((e) => e.id)).toEqual(['evt_b']);
          expect(await tx.outboxEvents(seqs[2]!, 10)).toEqual([]);
        }));

      it('keeps endpoints: lists them in id order, enabled ones apart, disables, enables, rotates', () =>
        inTx(async (tx) => {
          const b = endpoint('wh_b', { party: 'airline', events: ['sanction.in-force', 'sanction.lifted'] });
          const a = endpoint('wh_a', {
            authority: 'city',
            url: `https://hooks.example.org/a?q=${encodeURIComponent(AWKWARD)}`,
          });
          const c = endpoint('wh_c', { createdBy: null, disabledAt: 5 });
          for (const w of [b, c, a]) await tx.insertWebhookEndpoint(w);
          expect(await tx.getWebhookEndpoint('wh_a')).toEqual(a);
          expect(await tx.getWebhookEndpoint('wh_b')).toEqual(b);
          expect(await tx.getWebhookEndpoint('wh_none')).toBeUndefined();
          expect(await tx.listWebhookEndpoints()).toEqual([a, b, c]);
          expect((await tx.enabledWebhookEndpoints()).map((w) => w.id)).toEqual(['wh_a', 'wh_b']);

          expect(await tx.setWebhookDisabled('wh_a', 50)).toBe(true);
          expect(await tx.setWebhookDisabled('wh_c', null)).toBe(true);
          expect(await tx.setWebhookDisabled('wh_none', 50)).toBe(false);
          expect((await tx.getWebhookEndpoint('wh_a'))!.disabledAt).toBe(50);
          expect((await tx.enabledWebhookEndpoints()).map((w) => w.id)).toEqual(['wh_b', 'wh_c']);

          expect(await tx.rotateWebhookSecret('wh_b')).toBe(2);
          expect(await tx.rotateWebhookSecret('wh_b')).toBe(3);
          expect(await tx.rotateWebhookSecret('wh_none')).toBeUndefined();
          expect(await tx.getWebhookEndpoint('wh_b')).toEqual({ ...b, secretGeneration: 3 });
          expect((await tx.getWebhookEndpoint('wh_c'))!.secretGeneration).toBe(1);
        }));

      it('fans an event out as one pending delivery per endpoint, due at its instant; the log is newest first', () =>
        inTx(async (tx) => {
          for (const id of ['wh_a', 'wh_b']) await tx.insertWebhookEndpoint(endpoint(id));
          const s1 = await told(tx, event('evt_1', 'person:1', { at: 100 }), ['wh_a', 'wh_b']);
          await told(tx, event('evt_2', 'person:2', { at: 110, type: 'listing.noticed' }), ['wh_a']);
          await told(tx, event('evt_3', 'person:3', { at: 120 }), []);
          const log = await tx.deliveriesOf('wh_a', 10);
          expect(log.map((d) => [d.eventId, d.eventType, d.subject])).toEqual([
            ['evt_2', 'listing.noticed', 'person:2'],
            ['evt_1', 'consent.changed', 'person:1'],
          ]);
          expect(log[1]).toEqual({
            id: log[1]!.id,
            endpointId: 'wh_a',
            eventSeq: s1,
            eventId: 'evt_1',
            eventType: 'consent.changed',
            subject: 'person:1',
            state: 'pending',
            attempts: 0,
            createdAt: 100,
            windowStart: 100,
            nextAt: 100,
            lastAt: null,
            lastStatus: null,
            lastLatencyMs: null,
            deliveredAt: null,
          });
          expect(await tx.getDelivery(log[1]!.id)).toEqual(log[1]);
          expect(await tx.getDelivery(log[0]!.id + 1000)).toBeUndefined();
          expect((await tx.deliveriesOf('wh_a', 1)).map((d) => d.eventId)).toEqual(['evt_2']);
          expect((await tx.deliveriesOf('wh_b', 10)).map((d) => d.eventId)).toEqual(['evt_1']);
          expect(await tx.deliveriesOf('wh_none', 10)).toEqual([]);
        }));

      it('keeps new events unfanned until their fan-out is recorded, resumable from a cursor; endpoints after an id, enabled only', () =>
        inTx(async (tx) => {
          for (const id of ['wh_a', 'wh_b', 'wh_c', 'wh_d']) await tx.insertWebhookEndpoint(endpoint(id));
          await tx.setWebhookDisabled('wh_c', 5);
          expect((await tx.enabledWebhookEndpointsAfter(null, 10)).map((w) => w.id)).toEqual(['wh_a', 'wh_b', 'wh_d']);
          expect((await tx.enabledWebhookEndpointsAfter('wh_a', 1)).map((w) => w.id)).toEqual(['wh_b']);
          expect((await tx.enabledWebhookEndpointsAfter('wh_b', 10)).map((w) => w.id)).toEqual(['wh_d']);
          expect(await tx.enabledWebhookEndpointsAfter('wh_d', 10)).toEqual([]);
          expect(await tx.unfannedEvents(10)).toEqual([]);
          const e1 = event('evt_1', 'person:1', { parties: ['airline'] });
          const s1 = await tx.insertOutboxEvent(e1);
          const s2 = await tx.insertOutboxEvent(event('evt_2', 'person:2'));
          const s3 = await tx.insertOutboxEvent(event('evt_3', 'person:3'));
          expect(await tx.unfannedEvents(10)).toEqual([
            { ...e1, seq: s1, fanCursor: null },
            expect.objectContaining({ id: 'evt_2', seq: s2, fanCursor: null }),
            expect.objectContaining({ id: 'evt_3', seq: s3, fanCursor: null }),
          ]);
          expect((await tx.unfannedEvents(1)).map((e) => e.id)).toEqual(['evt_1']);
          await tx.setFanOut(s1, 'wh_b', false);
          expect((await tx.unfannedEvents(1))[0]!.fanCursor).toBe('wh_b');
          await tx.setFanOut(s1, 'wh_d', true);
          await tx.setFanOut(s3, null, true);
          expect((await tx.unfannedEvents(10)).map((e) => e.id)).toEqual(['evt_2']);
          // A delivery written twice (a fan-out step retried) is one delivery.
          await tx.insertDeliveries(s2, 'person:2', ['wh_a', 'wh_b'], 100);
          await tx.insertDeliveries(s2, 'person:2', ['wh_b', 'wh_d'], 200);
          expect((await tx.deliveriesOf('wh_b', 10)).map((d) => [d.eventId, d.createdAt])).toEqual([['evt_2', 100]]);
          expect((await tx.deliveriesOf('wh_d', 10)).map((d) => d.eventId)).toEqual(['evt_2']);
        }));

      it("holds a subject's deliveries while an earlier event of that subject is not fanned out; other subjects go on", () =>
        inTx(async (tx) => {
          for (const id of ['wh_a', 'wh_b']) await tx.insertWebhookEndpoint(endpoint(id));
          const s1 = await tx.insertOutboxEvent(event('evt_1', 'person:1'));
          await told(tx, event('evt_2', 'person:1'), ['wh_a', 'wh_b']);
          await told(tx, event('evt_3', 'person:2'), ['wh_a']);
          expect(claimed(await tx.claimDeliveries(100, 500, 10))).toEqual([['wh_a', 'evt_3']]);
          // Half fanned out (to wh_a only so far): its own delivery goes, the later event's are still held.
          await tx.insertDeliveries(s1, 'person:1', ['wh_a'], 100);
          await tx.setFanOut(s1, 'wh_a', false);
          expect(claimed(await tx.claimDeliveries(100, 500, 10))).toEqual([['wh_a', 'evt_1']]);
          await tx.setFanOut(s1, 'wh_b', true);
          // Fanned out: wh_b (not told of evt_1) goes on; wh_a's evt_2 waits behind its evt_1 in flight.
          expect(claimed(await tx.claimDeliveries(100, 500, 10))).toEqual([['wh_b', 'evt_2']]);
        }));

      it('claims no delivery of an excluded endpoint and at most the cap per endpoint', () =>
        inTx(async (tx) => {
          for (const id of ['wh_a', 'wh_b', 'wh_c']) await tx.insertWebhookEndpoint(endpoint(id));
          for (let s = 0; s < 5; s++) await told(tx, event(`evt_${s}`, `person:${s}`), ['wh_a', 'wh_b', 'wh_c']);
          const got = await tx.claimDeliveries(100, 500, 10, { exclude: ['wh_c'], perEndpoint: 2 });
          expect(claimed(got)).toEqual([
            ['wh_a', 'evt_0'],
            ['wh_a', 'evt_1'],
            ['wh_b', 'evt_0'],
            ['wh_b', 'evt_1'],
          ]);
          // Without limits: the earliest due, whichever endpoint.
          expect(claimed(await tx.claimDeliveries(100, 500, 3))).toEqual([
            ['wh_a', 'evt_2'],
            ['wh_c', 'evt_0'],
            ['wh_c', 'evt_1'],
          ]);
        }));

      it('claims past a long run of due deliveries its cap or exclusion passes over', () =>
        inTx(async (tx) => {
          for (const id of ['wh_a', 'wh_b']) await tx.insertWebhookEndpoint(endpoint(id));
          for (let s = 0; s < 150; s++) await told(tx, event(`evt_a${s}`, `person:${s}`), ['wh_a']);
          await told(tx, event('evt_b', 'person:b'), ['wh_b']);
          // wh_b's one delivery is due after 150 of wh_a's: the claim reads on to it.
          expect(claimed(await tx.claimDeliveries(100, 500, 2, { perEndpoint: 1 }))).toEqual([
            ['wh_a', 'evt_a0'],
            ['wh_b', 'evt_b'],
          ]);
          await tx.replayDelivery((await tx.deliveriesOf('wh_b', 1))[0]!.id, 100);
          expect(claimed(await tx.claimDeliveries(100, 500, 5, { exclude: ['wh_a'] }))).toEqual([['wh_b', 'evt_b']]);
          expect(await tx.claimDeliveries(100, 500, 5, { exclude: ['wh_a', 'wh_b'] })).toEqual([]);
        }));

      it('claims due deliveries of enabled endpoints, earliest first, at most the limit, and leases them', () =>
        inTx(async (tx) => {
          for (const id of ['wh_a', 'wh_b', 'wh_off']) await tx.insertWebhookEndpoint(endpoint(id));
          await told(tx, event('evt_1', 'person:1', { at: 100 }), ['wh_a', 'wh_off']);
          await told(tx, event('evt_2', 'person:2', { at: 200 }), ['wh_a', 'wh_b']);
          await told(tx, event('evt_3', 'person:3', { at: 300 }), ['wh_b']);
          await tx.setWebhookDisabled('wh_off', 1);
          expect(await tx.claimDeliveries(99, 1000, 10)).toEqual([]);
          const first = await tx.claimDeliveries(250, 1000, 2);
          expect(claimed(first)).toEqual([
            ['wh_a', 'evt_1'],
            ['wh_a', 'evt_2'],
          ]);
          // What a claim hands over: the delivery leased (next_at at the lease's end), its event and endpoint whole.
          const c1 = first.find((c) => c.event.id === 'evt_1')!;
          expect(c1.delivery).toMatchObject({ state: 'pending', attempts: 0, nextAt: 1000, endpointId: 'wh_a' });
          expect(c1.event).toMatchObject({ id: 'evt_1', subject: 'person:1', authority: 'city', at: 100, parties: [] });
          expect(c1.endpoint).toEqual(endpoint('wh_a'));
          expect((await tx.getDelivery(c1.delivery.id))!.nextAt).toBe(1000);
          // Leased: not claimed again before the lease ends; the disabled endpoint's delivery never.
          expect(claimed(await tx.claimDeliveries(400, 2000, 10))).toEqual([
            ['wh_b', 'evt_2'],
            ['wh_b', 'evt_3'],
          ]);
          expect(await tx.claimDeliveries(999, 3000, 10)).toEqual([]);
          // The lease runs out (a worker died mid-attempt): claimed again, at least once.
          expect(claimed(await tx.claimDeliveries(1000, 3000, 10))).toEqual([
            ['wh_a', 'evt_1'],
            ['wh_a', 'evt_2'],
          ]);
          await tx.setWebhookDisabled('wh_off', null);
          expect(claimed(await tx.claimDeliveries(1000, 3000, 10))).toEqual([['wh_off', 'evt_1']]);
        }));

      it('records attempts: delivered, retried at its backoff instant and not before, dead-lettered', () =>
        inTx(async (tx) => {
          await tx.insertWebhookEndpoint(endpoint('wh_a'));
          await told(tx, event('evt_1', 'person:1'), ['wh_a']);
          await told(tx, event('evt_2', 'person:2'), ['wh_a']);
          await told(tx, event('evt_3', 'person:3'), ['wh_a']);
          const [d1, d2, d3] = (await tx.claimDeliveries(100, 500, 10)).sort((a, b) => a.delivery.id - b.delivery.id);
          await tx.finishDelivery(d1!.delivery.id, ok(150));
          await tx.finishDelivery(d2!.delivery.id, failed(160, 10_160));
          await tx.finishDelivery(d3!.delivery.id, failed(170, null));
          expect(await tx.getDelivery(d1!.delivery.id)).toMatchObject({
            state: 'delivered',
            attempts: 1,
            lastAt: 150,
            lastStatus: '204',
            lastLatencyMs: 12,
            deliveredAt: 150,
          });
          expect(await tx.getDelivery(d2!.delivery.id)).toMatchObject({
            state: 'pending',
            attempts: 1,
            lastAt: 160,
            lastStatus: 'timeout',
            lastLatencyMs: 10_000,
            nextAt: 10_160,
            deliveredAt: null,
            windowStart: 100,
          });
          expect(await tx.getDelivery(d3!.delivery.id)).toMatchObject({
            state: 'dead',
            attempts: 1,
            lastStatus: 'timeout',
            deliveredAt: null,
          });
          // The retry comes due at its backoff instant, not before; delivered and dead ones never again.
          expect(await tx.claimDeliveries(10_159, 20_000, 10)).toEqual([]);
          const again = await tx.claimDeliveries(10_160, 20_000, 10);
          expect(again.map((c) => [c.event.id, c.delivery.attempts])).toEqual([['evt_2', 1]]);
          await tx.finishDelivery(again[0]!.delivery.id, failed(10_200, 30_000));
          expect(await tx.getDelivery(again[0]!.delivery.id)).toMatchObject({
            state: 'pending',
            attempts: 2,
            nextAt: 30_000,
          });
          expect(await tx.claimDeliveries(1e12, 1e12 + 1, 10)).toHaveLength(1);
        }));

      it('delivers in order per endpoint and subject: a later event waits while an earlier one is pending, not behind a dead letter', () =>
        inTx(async (tx) => {
          for (const id of ['wh_a', 'wh_b']) await tx.insertWebhookEndpoint(endpoint(id));
          await told(tx, event('evt_1', 'person:1', { at: 100 }), ['wh_a', 'wh_b']);
          await told(tx, event('evt_2', 'person:1', { at: 100 }), ['wh_a', 'wh_b']);
          await told(tx, event('evt_3', 'person:1', { at: 100 }), ['wh_a']);
          await told(tx, event('evt_4', 'person:2', { at: 100 }), ['wh_a']);
          // Only the earliest pending of each (endpoint, subject); other subjects and endpoints go on.
          const first = await tx.claimDeliveries(100, 500, 10);
          expect(claimed(first)).toEqual([
            ['wh_a', 'evt_1'],
            ['wh_a', 'evt_4'],
            ['wh_b', 'evt_1'],
          ]);
          const id = (w: string, e: string) => first.find((c) => c.endpoint.id === w && c.event.id === e)!.delivery.id;
          // In flight (leased) or retrying later: the next event of that subject still waits.
          expect(await tx.claimDeliveries(200, 600, 10)).toEqual([]);
          await tx.finishDelivery(id('wh_a', 'evt_1'), failed(210, 800));
          await tx.finishDelivery(id('wh_b', 'evt_1'), ok(210));
          await tx.finishDelivery(id('wh_a', 'evt_4'), ok(210));
          const b2 = await tx.claimDeliveries(700, 900, 10);
          expect(claimed(b2)).toEqual([['wh_b', 'evt_2']]);
          await tx.finishDelivery(b2[0]!.delivery.id, ok(710));
          // A dead letter no longer holds the subject's later events up.
          const retried = await tx.claimDeliveries(800, 1000, 10);
          expect(claimed(retried)).toEqual([['wh_a', 'evt_1']]);
          await tx.finishDelivery(retried[0]!.delivery.id, failed(900, null));
          const next = await tx.claimDeliveries(900, 1100, 10);
          expect(claimed(next)).toEqual([['wh_a', 'evt_2']]);
          await tx.finishDelivery(next[0]!.delivery.id, ok(950));
          expect(claimed(await tx.claimDeliveries(950, 1200, 10))).toEqual([['wh_a', 'evt_3']]);
        }));

      it('replays a delivered or dead delivery: pending again, due at once, with a new retry window', () =>
        inTx(async (tx) => {
          await tx.insertWebhookEndpoint(endpoint('wh_a'));
          await told(tx, event('evt_1', 'person:1'), ['wh_a']);
          await told(tx, event('evt_2', 'person:2'), ['wh_a']);
          const [d1, d2] = (await tx.claimDeliveries(100, 500, 10)).sort((a, b) => a.delivery.id - b.delivery.id);
          await tx.finishDelivery(d1!.delivery.id, ok(150));
          await tx.finishDelivery(d2!.delivery.id, failed(160, null));
          for (const d of [d1!, d2!]) expect(await tx.replayDelivery(d.delivery.id, 5000)).toBe(true);
          expect(await tx.replayDelivery(d2!.delivery.id + 1000, 5000)).toBe(false);
          for (const d of [d1!, d2!])
            expect(await tx.getDelivery(d.delivery.id)).toMatchObject({
              state: 'pending',
              nextAt: 5000,
              windowStart: 5000,
              deliveredAt: null,
              attempts: 1,
              createdAt: 100,
            });
          expect(await tx.claimDeliveries(4999, 6000, 10)).toEqual([]);
          expect(claimed(await tx.claimDeliveries(5000, 6000, 10))).toEqual([
            ['wh_a', 'evt_1'],
            ['wh_a', 'evt_2'],
          ]);
        }));

      it('gives each due delivery to one of several concurrent claimers, never two of one subject to one endpoint at once', () =>
        withStore(async (store) => {
          const endpoints = ['wh_a', 'wh_b', 'wh_c'];
          const order = new Map<string, string[]>();
          await store.transaction(async (tx) => {
            for (const id of endpoints) await tx.insertWebhookEndpoint(endpoint(id));
            for (let round = 0; round < 3; round++)
              for (let s = 0; s < 8; s++)
                await told(tx, event(`evt_${round}_${s}`, `person:${s}`, { at: 10 }), endpoints);
          });
          const seen: string[] = [];
          for (let now = 20; ; now += 10) {
            const taken = (
              await Promise.all(
                Array.from({ length: 4 }, () => store.transaction((tx) => tx.claimDeliveries(now, now + 1e9, 7))),
              )
            ).flat();
            if (taken.length === 0) break;
            const pairs = taken.map((c) => `${c.endpoint.id} ${c.event.subject}`);
            expect(new Set(pairs).size).toBe(pairs.length);
            await store.transaction(async (tx) => {
              for (const c of taken) {
                seen.push(`${c.endpoint.id} ${c.event.id}`);
                const key = `${c.endpoint.id} ${c.event.subject}`;
                order.set(key, [...(order.get(key) ?? []), c.event.id]);
                await tx.finishDelivery(c.delivery.id, ok(now));
              }
            });
          }
          // Every delivery exactly once, each (endpoint, subject) in the order its events were written.
          expect(seen).toHaveLength(3 * 8 * 3);
          expect(new Set(seen).size).toBe(seen.length);
          for (const [key, ids] of order)
            expect(ids, key).toEqual([0, 1, 2].map((r) => `evt_${r}_${key.split(':')[1]}`));
        }));
    });
  });
}
