import { actingAs } from '../tenancy/accounts.js';
import type { EngineDeps } from '../deps.js';
import { decideReport, fileReport, setReports } from '../reports/reports.js';
import type { SeedResult } from './city.js';

export interface ReportsSeedResult {
  readonly filed: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly open: number;
}

const HOUR = 3_600_000;

/**
 * Reports from the public in the seed city (SPEC §14): the city opens to reports; persons with
 * accounts report jaywalking and volunteering they saw, and Acme's reporter (an authority) one
 * more; the city's reviewer accepts two (they become city records, shown to their subjects as
 * reported by a member of the public, or by acme), rejects one with reasons, and one stays open.
 */
export async function seedReports(deps: EngineDeps, seed: SeedResult): Promise<ReportsSeedResult> {
  const persons = seed.accounts.filter((a) => a.subject?.startsWith('person:') && a.roles.includes('subject'));
  const reviewer = seed.accounts.find((a) => a.name === 'city-reviewer');
  const staff = seed.accounts.find((a) => a.authority === 'acme' && a.roles.includes('reporter'));
  if (persons.length < 3 || reviewer === undefined) return { filed: 0, accepted: 0, rejected: 0, open: 0 };
  await setReports(deps, 'city', { open: true, perDay: 10 });
  const now = deps.clock.now();
  const at = (hours: number) => new Date(now - hours * HOUR).toISOString();
  const [a, b, c] = persons as [(typeof persons)[0], (typeof persons)[0], (typeof persons)[0]];
  const filed = [
    await fileReport(deps, {
      authority: 'city',
      subject: b.subject!,
      kind: 'traffic.jaywalking',
      occurredAt: at(20),
      data: { place: 'Central Square crossing' },
      description: 'Crossed against the red light in front of a school bus.',
      as: await actingAs(deps, a.name),
    }),
    await fileReport(deps, {
      authority: 'city',
      subject: c.subject!,
      kind: 'traffic.jaywalking',
      occurredAt: at(30),
      description: 'I think this was the neighbour; not sure.',
      as: await actingAs(deps, a.name),
    }),
    await fileReport(deps, {
      authority: 'city',
      subject: a.subject!,
      kind: 'civic.volunteering',
      occurredAt: at(50),
      data: { hours: 4 },
      description: 'Helped clean the riverbank on Saturday.',
      as: await actingAs(deps, b.name),
    }),
  ];
  if (staff !== undefined)
    filed.push(
      await fileReport(deps, {
        authority: 'city',
        subject: c.subject!,
        kind: 'traffic.jaywalking',
        occurredAt: at(10),
        description: 'Seen by our store camera at the Elm St entrance.',
        as: await actingAs(deps, staff.name),
      }),
    );
  await decideReport(deps, {
    id: filed[0]!.id,
    outcome: 'accept',
    reasons: 'Confirmed by the traffic camera at the crossing.',
    as: await actingAs(deps, reviewer.name),
  });
  await decideReport(deps, {
    id: filed[1]!.id,
    outcome: 'reject',
    reasons: 'The reporter is unsure who it was; nothing else confirms it.',
    as: await actingAs(deps, reviewer.name),
  });
  await decideReport(deps, {
    id: filed[2]!.id,
    outcome: 'accept',
    reasons: 'The volunteer coordinator confirmed the hours.',
    as: await actingAs(deps, reviewer.name),
  });
  return { filed: filed.length, accepted: 2, rejected: 1, open: filed.length - 3 };
}
