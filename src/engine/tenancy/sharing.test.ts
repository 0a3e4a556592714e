import { expect, it } from 'vitest';
import { isStandingError } from '../../core/errors.js';
import { describeStores, linesOf, testEngineOn } from '../../test-support/engine.js';
import { checkAction } from '../decisions/check.js';
import type { EngineDeps } from '../deps.js';
import { subjectFile } from '../due-process/subject-file.js';
import { explainSubject } from '../evaluation/queries.js';
import { publishScheme } from '../evaluation/publish.js';
import { importRecords } from '../ingest/ingest.js';
import { grantAction } from './registry.js';
import { grantShare, listShares, revokeShare } from './sharing.js';

const T0 = Date.parse('2026-06-01T09:00:00Z');
const DAY = 86_400_000;

// The city reads court convictions: exactly what needs the court's consent through the operator (SPEC §4).
const CITY_READS_COURT = `
scheme: city-shared
authority: city
context: civic
subjects: [person]
sources: [city, court]
score: { base: 100, min: 0, max: 200 }
grades: [{ id: A, min: 60 }, { id: D }]
rules:
  - id: theft
    when: record.kind == "court.conviction"
    points: -80
    dataJustification: Theft convictions bear on civic trustworthiness
    basis: Regulation 7 art. 5
lists:
  - id: air-travel-ban
    type: blacklist
    when: subject.grade == "D"
    sanctions:
      - { action: flight.board, effect: deny, justification: Convicted thieves do not board, basis: Regulation 7 art. 9 }
`;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isStandingError(e)) return e.code;
    throw e;
  }
  return 'no error';
}

async function setUp(store: 'sqlite' | 'postgres'): Promise<EngineDeps & { clock: { advance(ms: number): void } }> {
  const deps = await testEngineOn(store, T0);
  await grantAction(deps, 'city', 'flight.board');
  const r = await importRecords(
    deps,
    linesOf([
      {
        key: 'CV-1',
        authority: 'court',
        subject: 'person:pat',
        kind: 'court.conviction',
        occurredAt: new Date(T0 - DAY).toISOString(),
      },
    ]),
  );
  expect(r.rejected).toBe(0);
  return deps;
}

const board = (deps: EngineDeps) => checkAction(deps, { subject: 'person:pat', action: 'flight.board', party: null });

describeStores('data-sharing grants', (store) => {
  it('refuses to publish a scheme reading an authority that has not shared with it, naming the source', async () => {
    const deps = await setUp(store);
    const e = await publishScheme(deps, CITY_READS_COURT).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'SOURCE_NOT_SHARED', at: { field: 'sources[1]' } });
    expect((e as Error).message).toContain('court');
    expect(await deps.store.transaction((tx) => tx.schemeVersions('city-shared'))).toEqual([]);
  });

  it('reads the shared records while the grant holds; revoking ends the listing they fed and tells the subject', async () => {
    const deps = await setUp(store);
    await grantShare(deps, { from: 'court', to: 'city', purpose: 'Theft convictions count in the civic score' });
    await publishScheme(deps, CITY_READS_COURT);
    expect((await board(deps)).effect).toBe('allow'); // noticed, not yet in effect
    const [listing] = await deps.store.transaction((tx) => tx.listingsOfSubject('person:pat'));
    expect(listing).toMatchObject({ authority: 'city', state: 'noticed' });
    expect((await explainSubject(deps, 'person:pat', 'city-shared')).evaluation.score).toBe(20);

    // The subject's file says whose records fed which scheme, under which grant and purpose.
    const before = await subjectFile(deps, 'person:pat');
    expect(before.sharing).toEqual([
      {
        from: 'court',
        to: 'city',
        scheme: 'city-shared',
        purpose: 'Theft convictions count in the civic score',
        grantedAt: new Date(T0).toISOString(),
        revokedAt: null,
        records: 1,
      },
    ]);

    deps.clock.advance(DAY);
    await revokeShare(deps, { from: 'court', to: 'city' });
    const [ended] = await deps.store.transaction((tx) => tx.listingsOfSubject('person:pat'));
    expect(ended).toMatchObject({ id: listing!.id, state: 'ended', endReason: 'condition-stopped' });
    const told = (await deps.store.transaction((tx) => tx.messagesOf('person:pat'))).filter(
      (m) => m.kind === 'listing-ended',
    );
    expect(told).toHaveLength(1);
    // Evaluation no longer sees the court's record at all: no candidates, no score.
    expect((await explainSubject(deps, 'person:pat', 'city-shared')).evaluation.candidates).toBe(0);
    const after = await subjectFile(deps, 'person:pat');
    expect(after.schemes).toEqual([]);
    expect(after.sharing[0]).toMatchObject({ from: 'court', revokedAt: new Date(T0 + DAY).toISOString() });

    // A new version cannot be published while the court does not share.
    expect(await codeOf(publishScheme(deps, CITY_READS_COURT.replace('points: -80', 'points: -90')))).toBe(
      'SOURCE_NOT_SHARED',
    );
  });

  it('audits grants and revocations on the sharing authority’s chain, and lists them', async () => {
    const deps = await setUp(store);
    expect((await grantShare(deps, { from: 'court', to: 'city', purpose: 'convictions' })).changed).toBe(true);
    expect((await grantShare(deps, { from: 'court', to: 'city', purpose: 'convictions' })).changed).toBe(false);
    await revokeShare(deps, { from: 'court', to: 'city' });
    expect(await codeOf(revokeShare(deps, { from: 'court', to: 'city' }))).toBe('SHARE_NOT_FOUND');
    expect(await codeOf(grantShare(deps, { from: 'city', to: 'city', purpose: 'x' }))).toBe('ARGUMENT_INVALID');
    expect(await codeOf(grantShare(deps, { from: 'court', to: 'city', purpose: '  ' }))).toBe('ARGUMENT_INVALID');
    const entries = await deps.store.transaction((tx) => tx.auditEntries('court', 0, 100));
    expect(entries.filter((e) => e.type === 'share').map((e) => JSON.parse(e.payload) as unknown)).toEqual([
      { from: 'court', to: 'city', purpose: 'convictions', revoked: false },
      { from: 'court', to: 'city', purpose: 'convictions', revoked: true },
    ]);
    expect(await listShares(deps)).toEqual([
      { from: 'court', to: 'city', purpose: 'convictions', grantedAt: T0, revokedAt: T0 },
    ]);
  });
});
