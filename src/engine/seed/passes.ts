import { actingAs } from '../tenancy/accounts.js';
import { checkAction, entitle, partyAdd } from '../decisions/check.js';
import type { EngineDeps } from '../deps.js';
import { selfExclude } from '../due-process/self-exclusion.js';
import { publishScheme } from '../evaluation/publish.js';
import { createPass, verifyPass } from '../passes/passes.js';
import { addAction, grantAction } from '../tenancy/registry.js';
import type { SeedResult } from './city.js';

/** The State Lottery's scheme: one list, which persons may place themselves on (SPEC §6, Self-exclusion). */
export const LOTTERY_SCHEME = `
scheme: responsible-gaming
authority: lottery
title: Responsible gaming
context: gambling
subjects: [person]
basis: Gaming Act (2025) art. 21
score: { base: 0 }
lists:
  - id: gambling-self-exclusion
    title: Self-excluded from gambling
    type: blacklist
    maxTerm: P5Y
    selfExclusion: { minTerm: P6M, maxTerm: P5Y }
    sanctions:
      - { action: gambling.stake, effect: deny }
`;

export interface PassesSeedResult {
  readonly passesVerified: number;
  readonly selfExclusions: number;
}

/**
 * The seed city's individuals (SPEC §11): a subject shows passes — its deposit at Acme's shop,
 * its civic grade, one for the shop only — which are verified (each in its access log); and a
 * subject excludes itself from gambling for a year, which the lottery's casino then sees.
 */
export async function seedPasses(deps: EngineDeps, seed: SeedResult): Promise<PassesSeedResult> {
  const persons = seed.accounts.filter((a) => a.subject?.startsWith('person:') && a.roles.includes('subject'));
  const holder = persons[0];
  let passesVerified = 0;
  if (holder !== undefined) {
    const subject = holder.subject!;
    for (const [purpose, recipient] of [
      ['rental.deposit', null],
      ['scheme:city-citizen', null],
      ['rental.deposit', 'party:acme-shop'],
    ] as const) {
      const p = await createPass(deps, {
        subject,
        purpose,
        ttl: 'P7D',
        recipient,
        by: await actingAs(deps, holder.name),
      });
      await verifyPass(
        deps,
        p.token,
        recipient === null ? { type: 'anonymous' } : { type: 'party', party: 'acme-shop' },
      );
      passesVerified++;
    }
  }
  await addAction(deps, {
    name: 'gambling.stake',
    domain: 'gambling',
    effect: 'deny',
    description: 'Place a stake at a licensed casino or betting shop',
  });
  await grantAction(deps, 'lottery', 'gambling.stake');
  await publishScheme(deps, LOTTERY_SCHEME);
  await partyAdd(deps, 'casino');
  await entitle(deps, 'casino', 'gambling.stake');
  let selfExclusions = 0;
  const excluded = persons[1] ?? holder;
  if (excluded !== undefined) {
    await selfExclude(deps, {
      subject: excluded.subject!,
      list: 'gambling-self-exclusion',
      term: 'P1Y',
      by: await actingAs(deps, excluded.name),
    });
    selfExclusions++;
    await checkAction(deps, { subject: excluded.subject!, action: 'gambling.stake', party: 'casino' });
  }
  return { passesVerified, selfExclusions };
}
