import canonicalize from 'canonicalize';
import { fail, StandingError, type ErrorLocation } from './errors.js';
import { formatInstant, parseInstant } from './instant.js';
import { checkAuthority, checkSubject } from './subject.js';

/** A validated record in canonical form (SPEC §2). Instants are epoch milliseconds. */
export interface RecordInput {
  readonly key: string;
  readonly authority: string;
  readonly subject: string;
  readonly kind: string;
  readonly occurredAt: number;
  /** Canonical JSON (RFC 8785) of the data object. */
  readonly data: string;
  readonly evidence: string | null;
}

/** A record as evaluation and due process read it: the input plus when it was received and who sent it. */
export interface EvalRecord extends RecordInput {
  readonly receivedAt: number;
  readonly submittedBy: string | null;
}

/** A record as stored: the input plus who sent it, when, and its retraction if any. */
export interface StoredRecord extends RecordInput {
  readonly id: number;
  readonly submittedBy: string | null;
  readonly receivedAt: number;
  readonly retractedAt: number | null;
  readonly retractReason: string | null;
}

export const MAX_DATA_BYTES = 16 * 1024;
export const MAX_FUTURE_MS = 5 * 60 * 1000;
const KIND = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
/** A record key has at most this many UTF-16 code units (routes take it in their path: app.ts sizes the router for it). */
export const KEY_MAX = 200;
const KNOWN = new Set(['key', 'authority', 'subject', 'kind', 'occurredAt', 'data', 'evidence']);

export interface RecordDefaults {
  /** Authority for records that name none (SPEC §9: --authority, else "default"). */
  readonly authority: string;
  /** The clock's now, to refuse records more than 5 minutes in the future. */
  readonly now: number;
}

function where(field: string, at: ErrorLocation): ErrorLocation {
  return { ...at, field };
}

/**
 * Validates one raw record object and returns its canonical form.
 * Throws a StandingError naming the field; `at` adds the input line.
 */
export function validateRecord(raw: unknown, defaults: RecordDefaults, at: ErrorLocation = {}): RecordInput {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    fail('RECORD_JSON_INVALID', 'expected a JSON object', at);
  }
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!KNOWN.has(k)) fail('RECORD_FIELD_UNKNOWN', `unknown field "${k}"`, where(k, at));
  }
  const str = (field: string, required: boolean): string | undefined => {
    const v = o[field];
    if (v === undefined || v === null) {
      if (required) fail('RECORD_FIELD_MISSING', `${field} is required`, where(field, at));
      return undefined;
    }
    if (typeof v !== 'string' || v.length === 0)
      fail('RECORD_FIELD_INVALID', `${field} must be a non-empty string`, where(field, at));
    // JSON text may spell a lone surrogate ("\ud800"); no canonical form or UTF-8 column can keep one.
    if (LONE_SURROGATE.test(v))
      fail('RECORD_FIELD_INVALID', `${field} must be well-formed Unicode (it has a lone surrogate)`, where(field, at));
    return v;
  };
  const key = str('key', true)!;
  if (key.length > KEY_MAX || /[\u0000-\u001f]/.test(key)) {
    fail(
      'RECORD_FIELD_INVALID',
      `key must be at most ${KEY_MAX} characters without control characters`,
      where('key', at),
    );
  }
  const authority = relabel(
    () => checkAuthority(str('authority', false) ?? defaults.authority),
    'RECORD_FIELD_INVALID',
    'authority',
    at,
  );
  const subject = relabel(() => checkSubject(str('subject', true)), 'RECORD_FIELD_INVALID', 'subject', at);
  const kind = str('kind', true)!;
  if (!KIND.test(kind) || kind.length > 100) {
    fail(
      'RECORD_FIELD_INVALID',
      `kind "${kind}" must be a dotted lower-case name such as traffic.speeding`,
      where('kind', at),
    );
  }
  const occurredAt = relabel(
    () => parseInstant(str('occurredAt', true), 'occurredAt'),
    'RECORD_FIELD_INVALID',
    'occurredAt',
    at,
  );
  if (occurredAt > defaults.now + MAX_FUTURE_MS) {
    fail(
      'RECORD_IN_FUTURE',
      `occurredAt ${formatInstant(occurredAt)} is more than 5 minutes after now (${formatInstant(defaults.now)})`,
      where('occurredAt', at),
    );
  }
  const rawData = o.data ?? {};
  if (typeof rawData !== 'object' || rawData === null || Array.isArray(rawData)) {
    fail('RECORD_FIELD_INVALID', 'data must be a JSON object', where('data', at));
  }
  const data = relabel(() => canonicalJson(rawData), 'RECORD_FIELD_INVALID', 'data', at);
  if (utf8Length(data) > MAX_DATA_BYTES) {
    fail(
      'RECORD_DATA_TOO_LARGE',
      `data is ${utf8Length(data)} bytes in canonical form; at most ${MAX_DATA_BYTES}`,
      where('data', at),
    );
  }
  const evidence = str('evidence', false) ?? null;
  if (evidence !== null && evidence.length > 2048)
    fail('RECORD_FIELD_INVALID', 'evidence must be at most 2048 characters', where('evidence', at));
  return { key, authority, subject, kind, occurredAt, data, evidence };
}

function relabel<T>(f: () => T, code: 'RECORD_FIELD_INVALID', field: string, at: ErrorLocation): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof StandingError) fail(code, e.message, where(field, at));
    throw e;
  }
}

/** RFC 8785 canonical JSON. */
export function canonicalJson(value: unknown): string {
  // Most values here (record data, audit payloads, notice bodies) are plain JSON data. `inOrder`
  // gives them back with the members of every object in code-unit order (the value itself where
  // they already are, a sorted copy where not): JSON.stringify then writes exactly the canonical
  // form (ES number and string serialization is RFC 8785's), without the library's general walk.
  // A lone surrogate has no canonical text: JSON.stringify writes one, and nothing else, as an
  // escape \ud800–\udfff, so one look at the text replaces a test of every string and name.
  // (A string that spells such an escape, "\\ud800", also matches: it takes the general walk.)
  const ordered = inOrder(value, 0);
  if (ordered !== UNFIT) {
    const text = JSON.stringify(ordered);
    if (!ESCAPED_SURROGATE.test(text)) return text;
  }
  let s: string | undefined;
  try {
    s = canonicalize(value);
  } catch (e) {
    // RFC 8785 (I-JSON) has no text for a lone surrogate ("\ud800" parses, but names no character).
    fail(
      'RECORD_FIELD_INVALID',
      `value cannot be represented as canonical JSON: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (s === undefined) fail('RECORD_FIELD_INVALID', 'value cannot be represented as JSON');
  return s;
}

// With the u flag a surrogate pair is one code point, so only a lone surrogate matches.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
/** How JSON.stringify writes a lone surrogate (well-formed JSON.stringify, ES2019): a lower-case escape. */
const ESCAPED_SURROGATE = /\\ud[89a-f]/;
/** Deeper values take the general walk. */
const FAST_DEPTH = 16;
/** A value `inOrder` leaves to the general walk (which knows toJSON, cycles, and names what it refuses). */
const UNFIT: unique symbol = Symbol('unfit');

/**
 * A JSON value that JSON.stringify writes canonically, with the same members: `value` itself
 * when its objects' members already come in code-unit order at every depth, else a copy whose
 * objects are rebuilt in that order. UNFIT for anything but plain objects, arrays, finite
 * numbers, strings, booleans and null (lone surrogates are caught in the text), and for an object to be rebuilt
 * with a member whose name starts with a digit (an array-index name would come first whatever
 * the order it is put in) or is `__proto__` (assigning it would set the copy's prototype).
 */
function inOrder(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : UNFIT;
  if (typeof value === 'boolean' || value === null) return value;
  if (typeof value !== 'object' || depth >= FAST_DEPTH) return UNFIT;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return UNFIT;
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const x: unknown = value[i];
      const y = inOrder(x, depth + 1);
      if (y === UNFIT) return UNFIT;
      if (y !== x && copy === undefined) copy = value.slice(0, i);
      if (copy !== undefined) copy.push(y);
    }
    return copy ?? value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return UNFIT;
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o);
  let sorted = true;
  for (let i = 1; i < keys.length; i++)
    if (!(keys[i - 1]! < keys[i]!)) {
      sorted = false;
      break;
    }
  if (!sorted) keys.sort();
  // The members' values as they are to be written, from the first that differs (or all, when out of order).
  let members: unknown[] | undefined = sorted ? undefined : [];
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const x = o[k];
    if (x === undefined) return UNFIT;
    const y = inOrder(x, depth + 1);
    if (y === UNFIT) return UNFIT;
    if (y !== x && members === undefined) members = keys.slice(0, i).map((j) => o[j]);
    if (members !== undefined) members.push(y);
  }
  if (members === undefined) return value;
  const copy: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const c = k.charCodeAt(0);
    if ((c >= 0x30 && c <= 0x39) || k === '__proto__') return UNFIT;
    copy[k] = members[i];
  }
  return copy;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * The canonical JSON (RFC 8785) of a whole record, the form compared for idempotency
 * and hashed for audit. Built by hand because `data` is already canonical and the
 * members are few and fixed; their order below is RFC 8785's (sorted by code unit).
 */
export function canonicalRecord(r: RecordInput): string {
  return (
    `{"authority":${JSON.stringify(r.authority)},"data":${r.data},"evidence":${r.evidence === null ? 'null' : JSON.stringify(r.evidence)},` +
    `"key":${JSON.stringify(r.key)},"kind":${JSON.stringify(r.kind)},"occurredAt":"${formatInstant(r.occurredAt)}","subject":${JSON.stringify(r.subject)}}`
  );
}

/** Two records with one (authority, key) are the same submission when their content agrees. */
export function sameContent(a: RecordInput, b: RecordInput): boolean {
  return (
    a.subject === b.subject &&
    a.kind === b.kind &&
    a.occurredAt === b.occurredAt &&
    a.data === b.data &&
    a.evidence === b.evidence
  );
}

/** The record as the scheme language sees it (SPEC §3 item 2); data numbers per item 3. */
export function toPublicRecord(r: RecordInput): Record<string, unknown> {
  return {
    key: r.key,
    authority: r.authority,
    subject: r.subject,
    kind: r.kind,
    occurredAt: formatInstant(r.occurredAt),
    data: JSON.parse(r.data) as unknown,
    evidence: r.evidence,
  };
}
