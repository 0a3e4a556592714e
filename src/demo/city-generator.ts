import { fail } from '../core/errors.js';
import { seededRandom, type Random } from './random.js';

/**
 * The synthetic city of the seed scenario (SPEC §11): persons and businesses with
 * skewed histories, as the records the city, the court, the tax bureau and Acme would
 * report. Every record kind and data field here is read by a scheme in examples/.
 */

export interface CityOptions {
  /** Number of persons (`person:` + an 18-character resident id number). */
  readonly persons: number;
  /** Number of businesses (`org:` + an 18-character unified social credit code). */
  readonly businesses: number;
  /** Seed of every random choice; default 42. Equal seeds give identical output. */
  readonly seed?: number | string;
  /** First instant of history, epoch ms. */
  readonly start: number;
  /** Last instant of history, epoch ms; every event lies in [start, end]. */
  readonly end: number;
}

/** A record in the import format of SPEC §2. */
export interface CityRecord {
  readonly key: string;
  readonly authority: string;
  readonly subject: string;
  readonly kind: string;
  /** RFC 3339, UTC, milliseconds. */
  readonly occurredAt: string;
  readonly data: Record<string, unknown>;
  readonly evidence?: string;
}

export type CityEvent =
  | { readonly type: 'record'; readonly record: CityRecord }
  | {
      readonly type: 'consent';
      readonly subject: string;
      readonly authority: 'acme';
      readonly scheme: 'acme-score';
      readonly at: string;
      readonly optIn: boolean;
    };

export type CityConsent = Extract<CityEvent, { type: 'consent' }>;

/** Every record kind the generator emits. */
export const CITY_RECORD_KINDS = [
  'traffic.violation',
  'traffic.jaywalking',
  'civic.volunteering',
  'retail.purchase',
  'court.conviction',
  'court.judgment_unfulfilled',
  'court.judgment_fulfilled',
  'tax.on_time_filing',
  'tax.late_filing',
  'tax.late_payment',
  'tax.evasion',
  'acme.rental_returned_on_time',
  'acme.rental_late',
  'acme.rental_damage',
] as const;

export type CityRecordKind = (typeof CITY_RECORD_KINDS)[number];

const DAY = 86_400_000;
const YEAR = 365.2425 * DAY;

// Rates are per person-year (per org-year), tuned so that a five-year history averages
// about 9.5 records a person: most persons have a handful, a few have dozens.
const HABITUAL_DRIVER = 0.02;
const DRIVER = 0.62;
const CARELESS_PEDESTRIAN = 0.03;
const VOLUNTEER = 0.15;
const GAMER = 0.05;
const SHOPPER = 0.4;
const ACME_CUSTOMER = 0.1;
const ACME_OPT_IN = 0.9;
const ACME_WITHDRAW = 0.08;
const JUDGMENT_RATE = 0.003;
const CONVICTION_RATE = 0.0012;
const FULFIL = 0.8;

const SEVERITY = [
  [1, 45],
  [2, 30],
  [3, 15],
  [4, 7],
  [5, 3],
] as const;
const OFFENCE_BY_SEVERITY: Record<number, readonly string[]> = {
  1: ['illegal_parking', 'no_seatbelt'],
  2: ['speeding', 'phone_while_driving'],
  3: ['speeding', 'red_light'],
  4: ['red_light', 'wrong_way'],
  5: ['drunk_driving', 'hit_and_run'],
};
const HOURS = [
  [1, 8],
  [2, 20],
  [3, 22],
  [4, 20],
  [5, 10],
  [6, 8],
  [7, 5],
  [8, 7],
] as const;
const CATEGORY = [
  ['groceries', 30],
  ['clothing', 18],
  ['electronics', 14],
  ['books', 10],
  ['baby_products', 8],
  ['sporting_goods', 7],
  ['alcohol', 7],
  ['video_games', 6],
] as const;
const CRIME = [
  ['theft', 40],
  ['fraud', 20],
  ['assault', 15],
  ['drunk_driving', 15],
  ['vandalism', 7],
  ['bribery', 3],
] as const;
const RENTAL_ITEM = [
  ['bicycle', 30],
  ['power_bank', 25],
  ['camera', 10],
  ['tent', 10],
  ['car', 15],
  ['projector', 10],
] as const;
const DAMAGE = [
  [1, 70],
  [2, 25],
  [3, 5],
] as const;
const AREAS = [
  '110101',
  '110102',
  '110105',
  '110106',
  '110107',
  '110108',
  '110109',
  '110111',
  '110112',
  '110113',
  '110114',
  '110115',
  '110116',
  '110117',
  '110118',
  '110119',
] as const;

/** One event of one subject before keys and text are assigned. */
interface Draft {
  readonly at: number;
  readonly authority: string;
  /** Key prefix; each (prefix, year) numbers its own keys. */
  readonly prefix: string;
  readonly kind: CityRecordKind | 'consent';
  readonly data: Record<string, unknown>;
  /** Evidence URL without the key, which is appended. */
  readonly evidence?: string;
}

function checkOptions(o: CityOptions): void {
  for (const f of ['persons', 'businesses'] as const) {
    const n = o[f];
    if (!Number.isSafeInteger(n) || n < 0 || n > 10_000_000)
      fail('ARGUMENT_INVALID', `${f} must be a whole number from 0 to 10000000, got ${n}`, { field: f });
  }
  if (!Number.isSafeInteger(o.start) || !Number.isSafeInteger(o.end) || o.end < o.start) {
    fail(
      'ARGUMENT_INVALID',
      `start and end must be epoch milliseconds with start <= end, got ${o.start} and ${o.end}`,
      { field: 'start' },
    );
  }
}

// ---- identifiers ----------------------------------------------------------------

const BIRTH_FIRST = Date.UTC(1950, 0, 1);
const BIRTH_DAYS = (Date.UTC(2006, 0, 1) - BIRTH_FIRST) / DAY;
const PERSON_SPACE = AREAS.length * BIRTH_DAYS * 1000;
// Multiplying by a number coprime to the space is a bijection: no two indices share an id.
const PERSON_STRIDE = 2_147_483_647 % PERSON_SPACE;
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** The resident id of person `index` (GB 11643: area, birth date, sequence, ISO 7064 check). */
export function personId(index: number, offset = 0): string {
  const p = (index * PERSON_STRIDE + offset) % PERSON_SPACE;
  const seq = p % 1000;
  const rest = Math.floor(p / 1000);
  const birth = new Date(BIRTH_FIRST + (rest % BIRTH_DAYS) * DAY).toISOString();
  const body =
    AREAS[Math.floor(rest / BIRTH_DAYS)]! +
    birth.slice(0, 4) +
    birth.slice(5, 7) +
    birth.slice(8, 10) +
    String(seq).padStart(3, '0');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * ID_WEIGHTS[i]!;
  return `person:${body}${'10X98765432'[sum % 11]!}`;
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const ORG_SPACE = 100_000_000;
const ORG_STRIDE = 54_435_761; // odd and not a multiple of 5: coprime to 10^8

/** The unified social credit code of business `index` (GB 32100: with both check characters). */
export function orgId(index: number, offset = 0): string {
  const code = String((index * ORG_STRIDE + offset) % ORG_SPACE).padStart(8, '0');
  // Organization code check digit (GB 11714).
  const ow = [3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 8; i++) s += Number(code[i]) * ow[i]!;
  const c9 = 11 - (s % 11);
  const orgCode = code + (c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9));
  const kind = index % 10 === 9 ? '92' : '91'; // one in ten is an individual business
  const body = kind + AREAS[index % AREAS.length]! + orgCode;
  let t = 0;
  let w = 1;
  for (let i = 0; i < 17; i++) {
    t += USCC_CHARS.indexOf(body[i]!) * w;
    w = (w * 3) % 31;
  }
  return `org:${body}${USCC_CHARS[(31 - (t % 31)) % 31]!}`;
}

// ---- histories ------------------------------------------------------------------

interface Span {
  readonly start: number;
  readonly end: number;
  /** The next court case number; case numbers are unique across the whole city. */
  nextCase(): number;
}

/** A whole-second instant in [from, end] (the bare ms when flooring would leave the range). */
function instant(rng: Random, from: number, end: number): number {
  const t = from + Math.floor(rng.next() * (end - from + 1));
  const s = t - (t % 1000);
  return s >= from ? s : t;
}

/** `rate` events a year, at random instants of [from, span.end]. */
function occurrences(rng: Random, rate: number, from: number, span: Span): number[] {
  const n = rng.poisson((rate * (span.end - from)) / YEAR);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(instant(rng, from, span.end));
  return out;
}

/** Judgments against a debtor: most are fulfilled some months later, if before the end. */
function judgments(rng: Random, rate: number, span: Span, amountMedian: number, out: Draft[]): void {
  for (const at of occurrences(rng, rate, span.start, span)) {
    const caseNo = `${new Date(at).getUTCFullYear()}-Exec-${String(span.nextCase()).padStart(5, '0')}`;
    const amount = Math.max(1000, Math.round(rng.lognormal(amountMedian, 1) / 100) * 100);
    out.push({
      at,
      authority: 'court',
      prefix: 'CT',
      kind: 'court.judgment_unfulfilled',
      data: { amount, caseNo },
      evidence: 'https://records.court.example/',
    });
    if (rng.chance(FULFIL)) {
      const paid = at + DAY + Math.floor(rng.lognormal(120, 0.9) * 86_400) * 1000;
      if (paid <= span.end)
        out.push({
          at: paid,
          authority: 'court',
          prefix: 'CT',
          kind: 'court.judgment_fulfilled',
          data: { caseNo },
          evidence: 'https://records.court.example/',
        });
    }
  }
}

function personHistory(rng: Random, span: Span, out: Draft[]): void {
  const habitual = rng.chance(HABITUAL_DRIVER);
  const driveRate = habitual ? rng.lognormal(7, 0.4) : rng.chance(DRIVER) ? rng.lognormal(0.12, 1) : 0;
  for (const at of occurrences(rng, driveRate, span.start, span)) {
    const severity = rng.weighted(SEVERITY);
    const offence = rng.pick(OFFENCE_BY_SEVERITY[severity]!);
    out.push({
      at,
      authority: 'city',
      prefix: 'TP',
      kind: 'traffic.violation',
      data: { severity, offence },
      evidence: 'https://records.city.example/traffic/',
    });
  }
  const walkRate = habitual || rng.chance(CARELESS_PEDESTRIAN) ? rng.lognormal(1.5, 0.5) : rng.lognormal(0.03, 1.2);
  for (const at of occurrences(rng, walkRate, span.start, span)) {
    const camera = `CAM-${String(rng.int(1, 400)).padStart(4, '0')}`;
    out.push({
      at,
      authority: 'city',
      prefix: 'TP',
      kind: 'traffic.jaywalking',
      data: { camera },
      evidence: 'https://records.city.example/traffic/',
    });
  }
  if (rng.chance(VOLUNTEER)) {
    for (const at of occurrences(rng, rng.lognormal(2.5, 0.8), span.start, span)) {
      out.push({
        at,
        authority: 'city',
        prefix: 'VL',
        kind: 'civic.volunteering',
        data: { hours: rng.weighted(HOURS) },
      });
    }
  }
  if (rng.chance(GAMER)) {
    for (const at of occurrences(rng, rng.lognormal(6.5, 0.7), span.start, span)) {
      out.push({
        at,
        authority: 'city',
        prefix: 'RP',
        kind: 'retail.purchase',
        data: { category: 'video_games', amount: rng.int(10, 70) * 5 },
      });
    }
  }
  if (rng.chance(SHOPPER)) {
    for (const at of occurrences(rng, rng.lognormal(0.5, 0.8), span.start, span)) {
      const category = rng.weighted(CATEGORY);
      out.push({
        at,
        authority: 'city',
        prefix: 'RP',
        kind: 'retail.purchase',
        data: { category, amount: Math.max(5, Math.round(rng.lognormal(150, 1))) },
      });
    }
  }
  judgments(rng, habitual ? 2 * JUDGMENT_RATE : JUDGMENT_RATE, span, 30_000, out);
  for (const at of occurrences(rng, habitual ? 5 * CONVICTION_RATE : CONVICTION_RATE, span.start, span)) {
    const caseNo = `${new Date(at).getUTCFullYear()}-Crim-${String(span.nextCase()).padStart(5, '0')}`;
    out.push({
      at,
      authority: 'court',
      prefix: 'CT',
      kind: 'court.conviction',
      data: { offence: rng.weighted(CRIME), caseNo },
      evidence: 'https://records.court.example/',
    });
  }
  if (rng.chance(ACME_CUSTOMER)) acmeHistory(rng, span, out);
}

function acmeHistory(rng: Random, span: Span, out: Draft[]): void {
  // Four in ten were customers before the history starts; the others join during it.
  const joined = rng.chance(0.4) ? span.start : instant(rng, span.start, span.end);
  if (rng.chance(ACME_OPT_IN)) {
    out.push({ at: joined, authority: 'acme', prefix: '', kind: 'consent', data: { optIn: true } });
    if (rng.chance(ACME_WITHDRAW))
      out.push({
        at: instant(rng, joined, span.end),
        authority: 'acme',
        prefix: '',
        kind: 'consent',
        data: { optIn: false },
      });
  }
  const lateness = rng.chance(0.15) ? 0.35 : 0.04;
  for (const at of occurrences(rng, rng.lognormal(3, 0.9), joined, span)) {
    const item = rng.weighted(RENTAL_ITEM);
    if (rng.chance(lateness))
      out.push({
        at,
        authority: 'acme',
        prefix: 'AC',
        kind: 'acme.rental_late',
        data: { item, daysLate: 1 + rng.geometric(0.4) },
      });
    else out.push({ at, authority: 'acme', prefix: 'AC', kind: 'acme.rental_returned_on_time', data: { item } });
    if (rng.chance(0.03))
      out.push({
        at,
        authority: 'acme',
        prefix: 'AC',
        kind: 'acme.rental_damage',
        data: { item, severity: rng.weighted(DAMAGE) },
      });
  }
}

type Conduct = 'compliant' | 'sloppy' | 'delinquent';

function orgHistory(rng: Random, span: Span, out: Draft[]): void {
  const founded = rng.chance(0.8) ? span.start : instant(rng, span.start, span.end);
  const conduct = rng.weighted<Conduct>([
    ['compliant', 78],
    ['sloppy', 18],
    ['delinquent', 4],
  ]);
  const onTime = conduct === 'compliant' ? 0.97 : conduct === 'sloppy' ? 0.6 : 0.3;
  // The return for year Y is due on 31 May of Y + 1.
  const first = new Date(founded).getUTCFullYear();
  const last = new Date(span.end).getUTCFullYear();
  for (let y = first - 1; y < last; y++) {
    const opens = Date.UTC(y + 1, 0, 1);
    const due = Date.UTC(y + 1, 4, 31, 23, 59, 59);
    if (due < founded) continue;
    if (rng.chance(onTime)) {
      const at = instant(rng, Math.max(opens, founded), due);
      if (at >= span.start && at <= span.end)
        out.push({ at, authority: 'tax', prefix: 'TX', kind: 'tax.on_time_filing', data: { year: y } });
    } else {
      const daysLate = 1 + rng.geometric(0.03);
      const at = Date.UTC(y + 1, 5, daysLate) + rng.int(8 * 3600, 18 * 3600) * 1000;
      if (at >= span.start && at <= span.end)
        out.push({ at, authority: 'tax', prefix: 'TX', kind: 'tax.late_filing', data: { year: y, daysLate } });
    }
  }
  const payRate = conduct === 'compliant' ? 0.05 : conduct === 'sloppy' ? 0.5 : 1.5;
  for (const at of occurrences(rng, payRate, founded, span)) {
    out.push({
      at,
      authority: 'tax',
      prefix: 'TX',
      kind: 'tax.late_payment',
      data: { months: Math.min(12, 1 + rng.geometric(0.5)), amount: Math.round(rng.lognormal(20_000, 1.2)) },
    });
  }
  const evasion = conduct === 'compliant' ? 0.0005 : conduct === 'sloppy' ? 0.005 : 0.06;
  for (const at of occurrences(rng, evasion, founded, span)) {
    out.push({
      at,
      authority: 'tax',
      prefix: 'TX',
      kind: 'tax.evasion',
      data: { amount: Math.round(rng.lognormal(400_000, 1.2)) },
      evidence: 'https://records.tax.example/inspections/',
    });
  }
  judgments(rng, conduct === 'delinquent' ? 0.03 : 0.005, span, 300_000, out);
}

// ---- emission -------------------------------------------------------------------

/** Numbers keys per (prefix, year): TP-2024-000001, TP-2024-000002, … */
function keyMaker(): (prefix: string, at: number) => string {
  const counters = new Map<string, number>();
  return (prefix, at) => {
    const head = `${prefix}-${new Date(at).getUTCFullYear()}-`;
    const n = (counters.get(head) ?? 0) + 1;
    counters.set(head, n);
    return head + String(n).padStart(6, '0');
  };
}

function* emit(subject: string, drafts: Draft[], key: (prefix: string, at: number) => string): Generator<CityEvent> {
  // Stable: at one instant, events keep the order they were drawn in (consent first).
  drafts.sort((a, b) => a.at - b.at);
  for (const d of drafts) {
    const occurredAt = new Date(d.at).toISOString();
    if (d.kind === 'consent') {
      yield {
        type: 'consent',
        subject,
        authority: 'acme',
        scheme: 'acme-score',
        at: occurredAt,
        optIn: d.data.optIn === true,
      };
      continue;
    }
    const k = key(d.prefix, d.at);
    const record: CityRecord =
      d.evidence === undefined
        ? { key: k, authority: d.authority, subject, kind: d.kind, occurredAt, data: d.data }
        : { key: k, authority: d.authority, subject, kind: d.kind, occurredAt, data: d.data, evidence: d.evidence + k };
    yield { type: 'record', record };
  }
}

/**
 * The city's events, subject by subject (persons, then businesses), each subject's in
 * time order. Lazy and deterministic: the same options give the same sequence, and
 * nothing but one subject's history is held at a time.
 */
export function* generateCity(options: CityOptions): Generator<CityEvent> {
  checkOptions(options);
  const root = seededRandom(options.seed ?? 42);
  const ids = root.fork('ids');
  const personOffset = ids.int(0, PERSON_SPACE - 1);
  const orgOffset = ids.int(0, ORG_SPACE - 1);
  let cases = 0;
  const span: Span = { start: options.start, end: options.end, nextCase: () => ++cases };
  const key = keyMaker();
  for (let i = 0; i < options.persons; i++) {
    const drafts: Draft[] = [];
    personHistory(root.fork(`person/${i}`), span, drafts);
    yield* emit(personId(i, personOffset), drafts, key);
  }
  for (let i = 0; i < options.businesses; i++) {
    const drafts: Draft[] = [];
    orgHistory(root.fork(`org/${i}`), span, drafts);
    yield* emit(orgId(i, orgOffset), drafts, key);
  }
}

/**
 * Writes the city's records as NDJSON: `write` receives each line with its final "\n".
 * Consent events are not records; they go to `onConsent`. Returns the counts.
 */
export function writeCityNdjson(
  options: CityOptions & { readonly onConsent?: (event: CityConsent) => void },
  write: (line: string) => void,
): { records: number; consents: number } {
  let records = 0;
  let consents = 0;
  for (const e of generateCity(options)) {
    switch (e.type) {
      case 'record':
        write(JSON.stringify(e.record) + '\n');
        records++;
        break;
      case 'consent':
        options.onConsent?.(e);
        consents++;
        break;
    }
  }
  return { records, consents };
}
