import type { AppealRow } from '../../store/due-process-port.js';
import { checkAction } from '../decisions/check.js';
import type { EngineDeps } from '../deps.js';
import { setAppealBody } from '../due-process/appeal-bodies.js';
import { listDefOf } from '../due-process/appeals.js';
import { decideSecondInstance, requestSecondInstance } from '../due-process/second-instance.js';
import { actingAs, addAccount } from '../tenancy/accounts.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The seed city's second instances (SPEC §6, §11): the operator names court the appeal body
 * of city; then, of the appeals just upheld, the first three subjects a relying party checked
 * while their listing was in force ask for a second instance: one is overturned (the listing
 * ends and the party that checked is told the sanction was lifted), one upheld, one left
 * pending in the queue. Authorities without an appeal body get a second reviewer, who took
 * no part in the first decisions. Moves the clock forward three days.
 */
export async function seedSecondInstances(
  deps: EngineDeps & { clock: { set(t: number): void } },
  upheld: readonly AppealRow[],
  parties: Readonly<Record<string, string>>,
  accounts: { name: string; roles: readonly string[]; authority: string | null; subject: string | null }[],
): Promise<void> {
  const start = deps.clock.now();
  await setAppealBody(deps, 'city', 'court').catch(() => false);
  const cases: { appeal: AppealRow; party: string; action: string }[] = [];
  for (const a of upheld) {
    if (cases.length === 3) break;
    const found = await deps.store.transaction(async (tx) => {
      const current = await tx.getAppeal(a.id);
      const l = await tx.getListing(a.listingId);
      if (current?.state !== 'upheld' || l?.state !== 'active') return undefined;
      const actions = new Set((await listDefOf(tx, l))?.def.sanctions.map((s) => s.action));
      const party = Object.keys(parties).find((p) => actions.has(parties[p]!));
      return party === undefined ? undefined : { appeal: current, party, action: parties[party]! };
    });
    if (found) cases.push(found);
  }
  deps.clock.set(start + 2 * HOUR);
  for (const c of cases) await checkAction(deps, { subject: c.appeal.subject, action: c.action, party: c.party });
  const bodies = await deps.store.transaction((tx) => tx.getMeta('appeal_bodies'));
  const named = JSON.parse(bodies ?? '{}') as Record<string, string>;
  for (const authority of new Set(cases.map((c) => c.appeal.authority)))
    if (
      named[authority] === undefined &&
      !(await deps.store.transaction((tx) => tx.getAccount(`${authority}-reviewer-2`)))
    )
      accounts.push(await addAccount(deps, { name: `${authority}-reviewer-2`, authority, roles: ['reviewer'] }));
  deps.clock.set(start + DAY);
  const asked = [];
  for (const c of cases)
    asked.push(
      await requestSecondInstance(deps, {
        appeal: c.appeal.id,
        statement: 'The first review did not weigh my evidence; I ask for a second instance.',
        as: await actingAs(deps, c.appeal.filedBy!),
      }),
    );
  deps.clock.set(start + 3 * DAY);
  for (const [i, s] of asked.entries()) {
    if (i === 2) continue;
    await decideSecondInstance(deps, {
      id: s.id,
      outcome: i === 0 ? 'overturn' : 'uphold',
      reasons:
        i === 0
          ? 'On second instance the records do not justify the listing: it ends.'
          : 'On second instance the records stand and the listing follows the published scheme.',
      as: await actingAs(deps, s.reviewers === s.authority ? `${s.authority}-reviewer-2` : `${s.reviewers}-reviewer`),
    });
  }
}

/** The demo's summary line for second instances. */
export async function secondInstanceLine(deps: Pick<EngineDeps, 'store'>): Promise<string> {
  const { all, told } = await deps.store.read(async (tx) => ({
    all: await tx.secondInstancesOf({}),
    told: (await tx.liftedNoticesOf({})).length,
  }));
  const count = (state: string) => all.filter((s) => s.state === state).length;
  return `Second instances: ${all.length} asked (${count('pending')} pending, ${count('upheld')} upheld, ${count('overturned')} overturned); relying parties told a sanction was lifted: ${told}.\n`;
}
