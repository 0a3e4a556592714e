import { actingAs, addAccount } from '../tenancy/accounts.js';
import type { EngineDeps } from '../deps.js';
import { fileDispute } from '../due-process/disputes.js';
import { openManualListing } from '../due-process/manual-listings.js';

/** The court's scheme and its list by decision in examples/court-debtors.yaml. */
const COURT = { authority: 'court', scheme: 'judgment-debtors', list: 'travel-ban-by-order' } as const;

/**
 * Listings by decision in the seed city (SPEC §11): the People's Court bars two persons from
 * flying by individual order, one for 20 days (its term ends before the demo's now) and one for
 * the list's maximum term (in force now); and a subject disputes a record that nobody decides
 * within the deadline, so it becomes overdue. Called six days into the replay, with its clock.
 */
export async function seedDecisions(deps: EngineDeps): Promise<void> {
  // Persons with a listing in force (in a large city the first active listings are businesses' redlist entries).
  const persons = await deps.store.transaction(async (tx) =>
    [...new Set((await tx.listingsOfState('active', 1_000_000)).map((l) => l.subject))].filter((s) =>
      s.startsWith('person:'),
    ),
  );
  const [first, second, third] = persons;
  if (third === undefined) return;
  const order = async (subject: string, key: string, term?: string) =>
    openManualListing(
      deps,
      {
        subject,
        scheme: COURT.scheme,
        authority: COURT.authority,
        list: COURT.list,
        key,
        reason: `Ordered not to leave the city pending enforcement of case ${key}`,
        basis: "People's Court provisions on restricting high consumption of judgment debtors (2026) art. 6",
        evidence: `https://court.example/orders/${key}`,
        ...(term === undefined ? {} : { term }),
      },
      await actingAs(deps, `${COURT.authority}-admin`),
    );
  await order(first!, 'EXEC-2026-0417', 'P20D');
  await order(second!, 'EXEC-2026-0533');
  // A dispute nobody decides: past the authority's deadline (P30D) its record stops counting.
  const record = (await deps.store.transaction((tx) => tx.recordsOfSubject(third))).find((r) => r.retractedAt === null);
  if (record === undefined) return;
  const name = `subject-${third.replace(/[^a-z0-9]/gi, '').toLowerCase()}`;
  if ((await deps.store.transaction((tx) => tx.getAccount(name))) === undefined)
    await addAccount(deps, { name, roles: ['subject'], subject: third });
  await fileDispute(deps, {
    authority: record.authority,
    key: record.key,
    statement: 'This record is not mine: the licence plate was misread.',
    as: await actingAs(deps, name),
  });
}

/** What the demo's summary counts (SPEC §11): listings ended by their term, overdue disputes, listings by court decision. */
export async function decisionCounts(
  deps: Pick<EngineDeps, 'store'>,
): Promise<{ termEnded: number; overdueDisputes: number; courtDecisions: number }> {
  return deps.store.transaction(async (tx) => ({
    termEnded: (await tx.listingsOfState('ended', 1_000_000)).filter((l) => l.endReason === 'term-reached').length,
    overdueDisputes: (await tx.disputesOf({})).filter((d) => d.overdueAt !== null).length,
    courtDecisions: (await tx.manualListings()).filter((m) => m.authority === COURT.authority).length,
  }));
}
