import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { registryOf, type ActionDef } from '../core/actions.js';
import { evaluate } from '../core/evaluate.js';
import { validateRecord, type RecordInput } from '../core/record.js';
import { parseScheme } from '../core/scheme-parse.js';
import type { CompiledScheme } from '../core/scheme-types.js';
import {
  CITY_RECORD_KINDS,
  generateCity,
  orgId,
  personId,
  writeCityNdjson,
  type CityEvent,
  type CityOptions,
} from './city-generator.js';
import { seededRandom } from './random.js';

const START = Date.parse('2021-01-01T00:00:00Z');
const END = Date.parse('2026-01-01T00:00:00Z');
const city = (persons: number, businesses: number, seed?: number | string): CityOptions => ({
  persons,
  businesses,
  start: START,
  end: END,
  ...(seed === undefined ? {} : { seed }),
});

const EXAMPLES = ['city-citizen', 'court-debtors', 'tax-credit', 'acme-rentals'];
const exampleText = (name: string): string =>
  readFileSync(new URL(`../../examples/${name}.yaml`, import.meta.url), 'utf8');
const actions = JSON.parse(readFileSync(new URL('../../data/actions.json', import.meta.url), 'utf8')) as ActionDef[];

function take<T>(it: Iterator<T>, n: number): T[] {
  const out: T[] = [];
  for (let r = it.next(); !r.done && out.length < n; r = it.next()) out.push(r.value);
  return out;
}

const subjectOf = (e: CityEvent): string => (e.type === 'record' ? e.record.subject : e.subject);

describe('seededRandom', () => {
  it('repeats a sequence for a seed and forks independent streams', () => {
    const a = seededRandom('x');
    const b = seededRandom('x');
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(seededRandom(42).fork('p').next()).toBe(seededRandom('42').fork('p').next());
    expect(seededRandom(1).next()).not.toBe(seededRandom(2).next());
  });

  it('draws counts with the requested means', () => {
    const r = seededRandom(7);
    const n = 20_000;
    let p = 0;
    let g = 0;
    for (let i = 0; i < n; i++) {
      p += r.poisson(3.5);
      g += r.geometric(0.25);
    }
    expect(p / n).toBeCloseTo(3.5, 1);
    expect(g / n).toBeGreaterThan(2.8); // mean (1 - p) / p = 3
    expect(g / n).toBeLessThan(3.2);
  });
});

describe('generateCity', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const first = take(generateCity(city(300, 30)), 1000);
    expect(first).toHaveLength(1000);
    expect(take(generateCity(city(300, 30, 42)), 1000)).toEqual(first);
    const other = take(generateCity(city(300, 30, 'another')), 1000);
    expect(other).not.toEqual(first);
    expect(subjectOf(other[0]!)).not.toBe(subjectOf(first[0]!));
  });

  it('emits records that validate, lie in the span, and have unique keys per authority', () => {
    const keys = new Set<string>();
    const subjects = new Set<string>();
    let last = '';
    let records = 0;
    for (const e of generateCity(city(1000, 100))) {
      const subject = subjectOf(e);
      // Each subject's events come together.
      if (subject !== last) {
        expect(subjects.has(subject)).toBe(false);
        subjects.add(subject);
        last = subject;
      }
      if (e.type === 'consent') {
        expect(subject.startsWith('person:')).toBe(true);
        expect(Date.parse(e.at)).toBeGreaterThanOrEqual(START);
        expect(Date.parse(e.at)).toBeLessThanOrEqual(END);
        continue;
      }
      const r = validateRecord(e.record, { authority: 'default', now: END });
      expect(r.occurredAt).toBeGreaterThanOrEqual(START);
      expect(r.occurredAt).toBeLessThanOrEqual(END);
      expect(e.record.occurredAt).toBe(new Date(r.occurredAt).toISOString());
      const k = `${r.authority}/${r.key}`;
      expect(keys.has(k)).toBe(false);
      keys.add(k);
      records++;
    }
    expect(records).toBeGreaterThan(5000);
  });

  it('makes id-card and credit-code shaped ids with valid check characters', () => {
    for (let i = 0; i < 200; i++) {
      const p = personId(i, 12345).slice('person:'.length);
      expect(p).toMatch(/^\d{17}[\dX]$/);
      // ISO 7064 MOD 11-2 over all 18 characters (X = 10) leaves 1.
      let sum = 0;
      for (let j = 0; j < 18; j++) sum += (p[j] === 'X' ? 10 : Number(p[j])) * (2 ** (17 - j) % 11);
      expect(sum % 11).toBe(1);
      expect(orgId(i, 777)).toMatch(/^org:9[12]\d{6}[0-9X]{9}[0-9A-HJ-NP-RTUWXY]$/);
    }
    const ids = new Set(Array.from({ length: 5000 }, (_, i) => personId(i, 99)));
    expect(ids.size).toBe(5000);
  });

  it('gives skewed histories of about 9–10 records a person over five years', () => {
    const persons = 3000;
    const perPerson = new Map<string, number>();
    let orgRecords = 0;
    for (const e of generateCity(city(persons, 150))) {
      if (e.type !== 'record') continue;
      if (e.record.subject.startsWith('org:')) orgRecords++;
      else perPerson.set(e.record.subject, (perPerson.get(e.record.subject) ?? 0) + 1);
    }
    const counts = [...perPerson.values()];
    while (counts.length < persons) counts.push(0);
    counts.sort((a, b) => b - a);
    const total = counts.reduce((a, b) => a + b, 0);
    const top = counts.slice(0, persons / 10).reduce((a, b) => a + b, 0);
    expect(total / persons).toBeGreaterThan(8);
    expect(total / persons).toBeLessThan(11.5);
    expect(top / total).toBeGreaterThan(0.4);
    expect(counts[persons / 2]).toBeLessThanOrEqual(5);
    expect(counts[0]).toBeGreaterThan(50);
    expect(orgRecords / 150).toBeGreaterThan(3);
  });

  it('fulfils a judgment only after it, under the same case number', () => {
    const open = new Map<string, number>();
    let fulfilled = 0;
    let unfulfilled = 0;
    for (const e of generateCity(city(6000, 300))) {
      if (e.type !== 'record') continue;
      const { kind, data, subject, occurredAt } = e.record;
      if (kind === 'court.judgment_unfulfilled') {
        unfulfilled++;
        open.set(`${subject} ${String(data.caseNo)}`, Date.parse(occurredAt));
      } else if (kind === 'court.judgment_fulfilled') {
        fulfilled++;
        const since = open.get(`${subject} ${String(data.caseNo)}`);
        expect(since).toBeDefined();
        expect(Date.parse(occurredAt)).toBeGreaterThan(since!);
      }
    }
    expect(unfulfilled).toBeGreaterThan(50);
    expect(fulfilled / unfulfilled).toBeGreaterThan(0.5);
  });

  it('writes NDJSON lines and hands consents to onConsent', () => {
    const lines: string[] = [];
    const consents: CityEvent[] = [];
    const counts = writeCityNdjson({ ...city(500, 20), onConsent: (c) => consents.push(c) }, (l) => lines.push(l));
    expect(lines).toHaveLength(counts.records);
    expect(consents).toHaveLength(counts.consents);
    expect(counts.consents).toBeGreaterThan(10);
    expect(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
    const events = [...generateCity(city(500, 20))].filter((e) => e.type === 'record');
    expect(JSON.parse(lines[7]!)).toEqual((events[7] as Extract<CityEvent, { type: 'record' }>).record);
  });

  it('refuses bad options, naming the field', () => {
    expect(() => generateCity({ ...city(1, 1), persons: -1 }).next()).toThrow(/persons/);
    expect(() => generateCity({ ...city(1, 1), end: START - 1 }).next()).toThrow(/start/);
  });
});

describe('example schemes', () => {
  const registry = registryOf(actions);
  const parsed = new Map<string, CompiledScheme>();
  for (const name of EXAMPLES) {
    const r = parseScheme(exampleText(name), { registry });
    if (r.ok) parsed.set(name, r.compiled);
  }

  it.each(EXAMPLES)('%s is a valid scheme whose cross-context sanctions are justified', (name) => {
    const r = parseScheme(exampleText(name), { registry });
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual([]);
    if (!r.ok) return;
    expect(r.doc.version).toBeUndefined();
    for (const list of r.doc.lists) {
      for (const s of list.sanctions) {
        const action = registry.get(s.action);
        expect(action).toBeDefined();
        if (list.type === 'blacklist' && action!.domain !== r.doc.context) {
          expect(s.justification, `${name} ${list.id} ${s.action}`).toBeTruthy();
          expect(s.basis, `${name} ${list.id} ${s.action}`).toBeTruthy();
        }
      }
    }
  });

  it('read every record kind the generator emits', () => {
    const conditions = EXAMPLES.flatMap((name) => {
      const doc = parse(exampleText(name)) as { rules?: { when: string }[]; lists?: { when?: string }[] };
      // A manual list has no condition: it reads no record kind.
      return [...(doc.rules ?? []), ...(doc.lists ?? [])].flatMap((x) => (x.when === undefined ? [] : [x.when]));
    });
    const emitted = new Set<string>();
    for (const e of generateCity(city(3000, 150))) if (e.type === 'record') emitted.add(e.record.kind);
    expect([...emitted].sort()).toEqual([...CITY_RECORD_KINDS].sort());
    for (const kind of emitted)
      expect(
        conditions.some((w) => w.includes(`"${kind}"`)),
        kind,
      ).toBe(true);
  });

  it('give the generated city every grade and a member on every list', () => {
    const grades = new Map<string, Set<string | null>>();
    const lists = new Map<string, Set<string>>();
    const schemes = [...parsed.values()];
    let subject = '';
    let records: RecordInput[] = [];
    let consents: { at: number; optIn: boolean }[] = [];
    const flush = (): void => {
      for (const s of schemes) {
        const ev = evaluate(s, { subject, records, consents }, END);
        expect(ev.errors).toEqual([]);
        if (ev.notJudged !== null || ev.candidates === 0) continue;
        const g = grades.get(s.doc.scheme) ?? new Set();
        g.add(ev.grade);
        grades.set(s.doc.scheme, g);
        const l = lists.get(s.doc.scheme) ?? new Set();
        for (const id of ev.lists) l.add(id);
        lists.set(s.doc.scheme, l);
      }
    };
    for (const e of generateCity(city(5000, 250))) {
      const s = subjectOf(e);
      if (s !== subject) {
        if (subject !== '') flush();
        subject = s;
        records = [];
        consents = [];
      }
      if (e.type === 'record') records.push(validateRecord(e.record, { authority: 'default', now: END }));
      else consents.push({ at: Date.parse(e.at), optIn: e.optIn });
    }
    flush();
    expect(parsed.size).toBe(EXAMPLES.length);
    for (const s of schemes) {
      expect([...(grades.get(s.doc.scheme) ?? [])].sort(), s.doc.scheme).toEqual(s.doc.grades.map((g) => g.id).sort());
      // Manual lists are filled by decision (the demo's court orders, seed-decisions.ts), never by evaluation.
      expect([...(lists.get(s.doc.scheme) ?? [])].sort(), s.doc.scheme).toEqual(
        s.doc.lists
          .filter((l) => !l.manual)
          .map((l) => l.id)
          .sort(),
      );
    }
  });
});
