import { readFileSync } from 'node:fs';
import type { StandingError } from '../../core/errors.js';
import { importConsents } from '../due-process/consent.js';
import type { EngineDeps } from '../deps.js';
import { checkScheme, publishScheme } from '../evaluation/publish.js';
import { sweep } from '../evaluation/sweep.js';
import { importRecords } from '../ingest/ingest.js';
import type { SourceLine } from '../ingest/record-source.js';

/** What the employer scenario left in the store (SPEC §11, Acme as employer). */
export interface EmploymentSeed {
  readonly scheme: string;
  /** Acme staff in the scenario, and those who consented to be judged. */
  readonly staff: number;
  readonly consented: number;
  readonly records: number;
  /** Why the draft with a rule on shopping habits was left out: `scheme check`'s problems. */
  readonly refused: readonly StandingError[];
}

const DAY = 86_400_000;
const COURSES = ['workplace safety', 'first aid', 'customer service', 'data protection'];

function example(name: string): string {
  return readFileSync(new URL(`../../../examples/employment/${name}`, import.meta.url), 'utf8');
}

/**
 * Acme as employer (SPEC §5, §11): a consent-based `employment` scheme about some of the
 * seed city's persons as Acme staff, with punctuality and training records over the last
 * year; every fifth declines consent, so it has no score. Its draft reading retail.purchase
 * is checked and left out: the problems say why.
 */
export async function seedEmployment(deps: EngineDeps, staff: readonly string[]): Promise<EmploymentSeed> {
  const draft = await deps.store.transaction((tx) => checkScheme(tx, example('acme-staff-shopping.yaml')));
  const refused = draft.ok ? [] : draft.errors;
  const published = await publishScheme(deps, example('acme-staff.yaml'));
  const now = deps.clock.now();
  const consenting = staff.filter((_, i) => i % 5 !== 4);
  await importConsents(
    deps,
    consenting.map((subject) => ({
      subject,
      authority: 'acme',
      scheme: published.ref.scheme,
      at: now - 400 * DAY,
      optIn: true,
    })),
  );
  const lines: SourceLine[] = [];
  staff.forEach((subject, i) => {
    const n = String(i + 1).padStart(4, '0');
    // Deterministic histories: a few late arrivals (more for some), a course or two.
    for (let j = 0; j < (i % 4) * 2; j++)
      lines.push({
        line: lines.length + 1,
        raw: {
          key: `ACME-HR-LATE-${n}-${j}`,
          authority: 'acme',
          subject,
          kind: 'employment.late_arrival',
          occurredAt: new Date(now - (20 + 37 * j + i) * DAY).toISOString(),
          data: { minutes: 10 + ((i * 7 + j * 13) % 50) },
        },
      });
    for (let j = 0; j < 1 + (i % 3); j++)
      lines.push({
        line: lines.length + 1,
        raw: {
          key: `ACME-HR-TRAINING-${n}-${j}`,
          authority: 'acme',
          subject,
          kind: 'employment.training_completed',
          occurredAt: new Date(now - (15 + 90 * j + i) * DAY).toISOString(),
          data: { course: COURSES[(i + j) % COURSES.length]! },
        },
      });
  });
  const counts = await importRecords(
    deps,
    (async function* () {
      yield lines;
    })(),
  );
  await sweep(deps);
  return {
    scheme: published.ref.scheme,
    staff: staff.length,
    consented: consenting.length,
    records: counts.accepted,
    refused,
  };
}
