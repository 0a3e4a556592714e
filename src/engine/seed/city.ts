import { parseInstant } from '../../core/instant.js';
import { generateCity, type CityEvent } from '../../demo/city-generator.js';
import type { AppealRow, ListingRow } from '../../store/due-process-port.js';
import { actingAs, addAccount } from '../tenancy/accounts.js';
import { decideAppeal, fileAppeal } from '../due-process/appeals.js';
import { seedSecondInstances } from './second-instance.js';
import { checkAction, entitle, partyAdd } from '../decisions/check.js';
import { manualClock } from '../clock.js';
import { importConsents, type ConsentEventInput } from '../due-process/consent.js';
import type { EngineDeps } from '../deps.js';
import { importRecords, type ImportCounts } from '../ingest/ingest.js';
import { checkScheme, publishScheme } from '../evaluation/publish.js';
import type { SourceLine } from '../ingest/record-source.js';
import { grantAction } from '../tenancy/registry.js';
import { seedDecisions } from './decisions.js';
import { grantShare } from '../tenancy/sharing.js';
import { sweep } from '../evaluation/sweep.js';
import { seedEmployment, type EmploymentSeed } from './employment.js';
import { seedShadow } from './shadow.js';

export interface SeedOptions {
  readonly persons: number;
  readonly businesses: number;
  readonly seed: number | string;
  /** Scheme YAML texts to publish, in order (examples/). */
  readonly schemes: readonly string[];
  /** Years of history before now. Default 5. */
  readonly years?: number;
  readonly onProgress?: (counts: ImportCounts) => void;
}

export interface SeedResult {
  readonly records: ImportCounts;
  readonly consents: number;
  readonly grants: number;
  readonly appeals: { readonly filed: number; readonly decided: number };
  readonly checks: number;
  /** Acme as employer (SPEC §11): its staff scheme, and the draft left out. */
  readonly employment: EmploymentSeed;
  /** Accounts made for trying every role: staff per authority and a few subjects. */
  readonly accounts: readonly {
    readonly name: string;
    readonly roles: readonly string[];
    readonly authority: string | null;
    readonly subject: string | null;
  }[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What subjects write when they appeal in the window: varied, as real statements are. */
const FRESH_STATEMENTS = [
  'The records are wrong or out of date; please review them.',
  'This notice is a mistake: I was abroad on the date of the violation.',
  'The car was sold two months before; the plate is no longer mine.',
  'I paid the fine in full last month and attach the receipt number 2026-0417.',
  'The judgment was settled out of court; the creditor has confirmed it in writing.',
  'I volunteer every weekend and those hours are missing from my file.',
  'Two of these records describe the same incident and were counted twice.',
];

/** What subjects write when they appeal after the effect instant. */
const LATE_STATEMENTS = [
  'I have since paid and ask for the listing to be lifted.',
  'I did not receive the notice in time: I was in hospital.',
  'The debt was fulfilled; please end the listing.',
];
const BATCH = 5000;

/** Relying parties of SPEC §11 and the action each is entitled to. */
export const RELYING_PARTIES: Readonly<Record<string, string>> = {
  airline: 'flight.board',
  railway: 'rail.high_speed.board',
  isp: 'internet.bandwidth',
  university: 'education.enroll',
  'acme-shop': 'rental.deposit',
};

/** Why each authority of the seed city reads another's records (SPEC §4: a grant names its purpose). */
const SHARE_PURPOSES: Readonly<Record<string, string>> = {
  'court>city': 'Theft convictions count in the civic trustworthiness score (Municipal Regulation 7, 2026)',
  'court>acme': 'Unfulfilled court judgments inform deposit waivers, for customers who opted in',
};

/** The account of the operator's identity desk in the seed city: it issues enrolment codes (SPEC §1). */
export const SEED_REGISTRAR = 'registrar';

type RecordEvent = Extract<CityEvent, { type: 'record' }>['record'];

async function* batchesOf(records: Iterable<RecordEvent>): AsyncGenerator<SourceLine[]> {
  let batch: SourceLine[] = [];
  let line = 0;
  for (const r of records) {
    batch.push({ line: ++line, raw: r });
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function sum(a: ImportCounts, b: ImportCounts): ImportCounts {
  return {
    accepted: a.accepted + b.accepted,
    duplicates: a.duplicates + b.duplicates,
    rejected: a.rejected + b.rejected,
  };
}

/**
 * Builds the seed scenario (SPEC §11) into an empty store, replayed through the
 * engine's clock so that it holds listings in every state: history up to 45 days
 * ago is imported and noticed, subjects appeal, reviewers decide, windows pass,
 * the last weeks arrive, fresh notices are appealed, and relying parties check.
 * Everything goes through the ordinary engine services.
 */
export async function seedCity(deps: EngineDeps, options: SeedOptions): Promise<SeedResult> {
  const now = deps.clock.now();
  const t1 = now - 45 * DAY;
  // Days before now at which the last ten days' records arrive (the first is 9¾ days ago, so
  // its appeals are due today).
  const phases = [9.75, 9, 8, 6, 4, 2, 1].map((d) => now - d * DAY);
  const clock = manualClock(t1 - DAY);
  const replay: EngineDeps = { store: deps.store, clock };
  const accounts: SeedResult['accounts'][number][] = [];

  let grants = 0;
  const authorities: string[] = [];
  for (const source of options.schemes) {
    const parsed = await replay.store.transaction((tx) => checkScheme(tx, source));
    if (!parsed.ok) throw parsed.errors[0]!;
    const { authority } = parsed.doc;
    authorities.push(authority);
    for (const l of parsed.doc.lists)
      for (const s of l.sanctions) if (await grantAction(replay, authority, s.action)) grants++;
    // Each other authority the scheme reads shares its records with this one first (SPEC §4).
    for (const from of parsed.doc.sources) {
      if (from === authority) continue;
      const purpose =
        SHARE_PURPOSES[`${from}>${authority}`] ?? `Records of ${from} feed ${authority}'s scheme ${parsed.doc.scheme}`;
      await grantShare(replay, { from, to: authority, purpose });
    }
    await publishScheme(replay, source);
  }
  for (const authority of [...new Set(authorities)].sort()) {
    for (const role of ['admin', 'reporter', 'reviewer', 'auditor']) {
      const a = await addAccount(replay, { name: `${authority}-${role}`, authority, roles: [role] });
      accounts.push(a);
    }
  }
  accounts.push(await addAccount(replay, { name: SEED_REGISTRAR, roles: ['registrar'] }));
  for (const [party, action] of Object.entries(RELYING_PARTIES)) {
    await partyAdd(replay, party);
    await entitle(replay, party, action);
  }

  const start = new Date(now);
  start.setUTCFullYear(start.getUTCFullYear() - (options.years ?? 5));
  const consents: ConsentEventInput[] = [];
  let consentEvents = 0;
  const later: RecordEvent[] = [];
  const latest: RecordEvent[] = [];
  function* early(): Generator<RecordEvent> {
    for (const ev of generateCity({
      persons: options.persons,
      businesses: options.businesses,
      seed: options.seed,
      start: start.getTime(),
      end: now,
    })) {
      if (ev.type === 'consent') {
        consents.push({
          subject: ev.subject,
          authority: ev.authority,
          scheme: ev.scheme,
          at: parseInstant(ev.at),
          optIn: ev.optIn,
        });
        consentEvents++;
        continue;
      }
      const at = Date.parse(ev.record.occurredAt);
      if (at <= t1) yield ev.record;
      else if (at <= phases[phases.length - 1]!) later.push(ev.record);
      else latest.push(ev.record);
    }
  }
  let progress: ImportCounts = { accepted: 0, duplicates: 0, rejected: 0 };
  const onProgress = (c: ImportCounts): void => options.onProgress?.(sum(progress, c));
  const consentsUntil = async (t: number): Promise<void> => {
    const due = consents.filter((c) => c.at <= t);
    if (due.length > 0) await importConsents(replay, due);
    consents.splice(0, consents.length, ...consents.filter((c) => c.at > t));
  };

  // 45 days ago: the history so far arrives and is noticed.
  clock.set(t1);
  progress = sum(progress, await importRecords(replay, batchesOf(early()), { deferDerive: true, onProgress }));
  await consentsUntil(t1);
  await sweep(replay);

  // Three days later a share of the noticed subjects appeal, within the window.
  clock.set(t1 + 3 * DAY);
  const noticed = (await replay.store.transaction((tx) => tx.dueListings(Number.MAX_SAFE_INTEGER, 100_000))).filter(
    (l) => l.state === 'noticed' && l.listType === 'blacklist',
  );
  const appellants = noticed.filter((_, i) => i % 9 === 0).slice(0, 400);
  const earlyAppeals: AppealRow[] = [];
  for (const l of appellants) {
    const a = await appealAs(replay, l, FRESH_STATEMENTS[earlyAppeals.length % FRESH_STATEMENTS.length]!, accounts);
    if (a) earlyAppeals.push(a);
  }

  // Six days in, reviewers decide them all: uphold, overturn, overturn with an exemption.
  clock.set(t1 + 6 * DAY);
  let decided = 0;
  for (let i = 0; i < earlyAppeals.length; i++) {
    const a = earlyAppeals[i]!;
    const overturn = i % 3 === 1;
    await decideAppeal(replay, {
      appeal: a.id,
      outcome: overturn ? 'overturn' : 'uphold',
      reasons: overturn
        ? 'The records do not justify the listing on review.'
        : 'The records are accurate and the listing follows the published scheme.',
      exempt: overturn && i % 2 === 0,
      as: await actingAs(replay, `${a.authority}-reviewer`),
    });
    decided++;
  }

  await seedDecisions(replay);
  // Windows pass; a few active listings get late appeals, decided a week later.
  clock.set(t1 + 15 * DAY);
  await sweep(replay);
  const lateCandidates = (await replay.store.transaction((tx) => tx.listingsOfState('active', 100_000)))
    .filter((l) => l.listType === 'blacklist' && !l.appealed)
    .filter((_, i) => i % 40 === 5)
    .slice(0, 60);
  const lateAppeals: AppealRow[] = [];
  for (const [i, l] of lateCandidates.entries()) {
    const a = await appealAs(replay, l, LATE_STATEMENTS[i % LATE_STATEMENTS.length]!, accounts);
    if (a) lateAppeals.push(a);
  }
  clock.set(t1 + 22 * DAY);
  for (const [i, a] of lateAppeals.entries()) {
    // A few stay open, so the queue holds late appeals too (their listings stay active meanwhile).
    if (i % 10 === 9) continue;
    await decideAppeal(replay, {
      appeal: a.id,
      outcome: i % 4 === 3 ? 'overturn' : 'uphold',
      reasons:
        i % 4 === 3
          ? 'The judgment has been fulfilled; the listing is lifted.'
          : 'No new facts: the records stand and the listing follows the published scheme.',
      as: await actingAs(replay, `${a.authority}-reviewer`),
    });
    decided++;
  }
  await seedSecondInstances({ ...replay, clock }, lateAppeals, RELYING_PARTIES, accounts);

  // The last ten days arrive day by day up to now: each batch is noticed, and a share of the
  // fresh notices is appealed within hours, so the reviewers' queue has cases due today,
  // tomorrow and over the next week (an appeal's deadline is its listing's effect instant).
  for (const [p, phase] of phases.entries()) {
    clock.set(phase);
    const batch = later.filter((r) => Date.parse(r.occurredAt) <= phase);
    later.splice(0, later.length, ...later.filter((r) => Date.parse(r.occurredAt) > phase));
    progress = sum(progress, await importRecords(replay, batchesOf(batch), { deferDerive: true, onProgress }));
    await consentsUntil(phase);
    await sweep(replay);
    clock.set(phase + (2 + p) * HOUR);
    const fresh = (await replay.store.transaction((tx) => tx.dueListings(Number.MAX_SAFE_INTEGER, 100_000))).filter(
      (l) => l.listType === 'blacklist' && l.state === 'noticed' && l.noticedAt >= phase,
    );
    for (const [i, l] of fresh
      .filter((_, j) => j % 5 === 0)
      .slice(0, 40)
      .entries())
      await appealAs(replay, l, FRESH_STATEMENTS[(i + p) % FRESH_STATEMENTS.length]!, accounts);
  }

  // Now: the last records, then relying parties check a sample of subjects.
  clock.set(now);
  progress = sum(progress, await importRecords(replay, batchesOf(latest), { deferDerive: true, onProgress }));
  await consentsUntil(now);
  await sweep(replay);
  const sanctioned = await replay.store.transaction(async (tx) =>
    (await tx.listingsOfState('active', 300)).map((l) => l.subject),
  );
  let checks = 0;
  for (const subject of [...new Set(sanctioned)].slice(0, 150)) {
    for (const party of ['airline', 'railway', 'isp']) {
      await checkAction(replay, { subject, action: RELYING_PARTIES[party]!, party });
      checks++;
    }
  }
  const filed = (await replay.store.transaction((tx) => tx.appealsOf({}))).length;
  const employment = await seedEmployment(replay, staffOf(accounts));
  await seedShadow(replay, accounts);
  return {
    records: progress,
    consents: consentEvents,
    grants,
    appeals: { filed, decided },
    checks,
    employment,
    accounts,
  };
}

/** Acme's staff in the seed city: the first persons with accounts, so that one can sign in as one of them. */
const staffOf = (accounts: SeedResult['accounts']): string[] =>
  accounts.flatMap((a) => (a.subject?.startsWith('person:') ? [a.subject] : [])).slice(0, 10);

/** Files an appeal as the listing's subject, unless the listing has ended meanwhile (records lapse as time passes). */
async function appealAs(
  deps: EngineDeps,
  l: ListingRow,
  statement: string,
  accounts: SeedResult['accounts'][number][],
): Promise<AppealRow | null> {
  await sweep(deps);
  const current = await deps.store.transaction((tx) => tx.getListing(l.id));
  if (!current || current.state === 'ended') return null;
  const name = `subject-${l.subject.replace(/[^a-z0-9]/gi, '').toLowerCase()}`;
  const exists = await deps.store.transaction((tx) => tx.getAccount(name));
  if (!exists) accounts.push(await addAccount(deps, { name, roles: ['subject'], subject: l.subject }));
  return fileAppeal(deps, { listing: l.id, statement, as: await actingAs(deps, name) });
}
