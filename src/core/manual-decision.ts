import { fail } from './errors.js';
import { checkAuthority, checkSubject } from './subject.js';

/** One decision to list a subject on a manual list (SPEC §6, Listings by decision), as submitted. */
export interface DecisionInput {
  readonly subject: string;
  /** `ID` or `ID@VERSION` of the scheme that holds the list. */
  readonly scheme: string;
  /** Picks the scheme when several authorities publish one with that id. */
  readonly authority?: string;
  readonly list: string;
  readonly reason: string;
  readonly basis: string;
  readonly evidence?: string;
  /** ISO 8601; absent: the list's maximum term. */
  readonly term?: string;
  /** The authority's key for the decision; absent: derived from the decision's content. */
  readonly key?: string;
}

/** The fields a decision may have; anything else is refused (a typo must not drop evidence silently). */
export const DECISION_FIELDS = [
  'key',
  'subject',
  'scheme',
  'authority',
  'list',
  'reason',
  'basis',
  'evidence',
  'term',
] as const;

const MAX_TEXT = 2000;
const KEY = /^[^\s\u0000-\u001f]{1,200}$/u;
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}(@\d+)?$/;

function text(raw: Record<string, unknown>, field: string, required: boolean): string | undefined {
  const v = raw[field];
  if (v === undefined || v === null || v === '') {
    if (required) fail('DECISION_INVALID', `${field}: required`, { field });
    return undefined;
  }
  if (typeof v !== 'string' || v.trim() === '' || v.length > MAX_TEXT)
    fail('DECISION_INVALID', `${field}: expected text of 1 to ${MAX_TEXT} characters`, { field });
  return v.trim();
}

/**
 * Validates one decision (an import line, an API body, CLI flags): every field named,
 * unknown fields refused, evidence an http(s) URL. Throws DECISION_INVALID (or
 * SUBJECT_INVALID / AUTHORITY_INVALID) naming the field.
 */
export function checkDecision(raw: unknown): DecisionInput {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    fail('DECISION_INVALID', 'a decision is an object with subject, scheme, list, reason and basis');
  const r = raw as Record<string, unknown>;
  for (const k of Object.keys(r))
    if (!(DECISION_FIELDS as readonly string[]).includes(k))
      fail('DECISION_INVALID', `${k}: unknown field; expected one of ${DECISION_FIELDS.join(', ')}`, { field: k });
  const subject = checkSubject(r.subject);
  const scheme = text(r, 'scheme', true)!;
  if (!ID.test(scheme)) fail('DECISION_INVALID', `scheme: "${scheme}" is not ID or ID@VERSION`, { field: 'scheme' });
  const list = text(r, 'list', true)!;
  if (!ID.test(list) || list.includes('@'))
    fail('DECISION_INVALID', `list: "${list}" is not a list id`, { field: 'list' });
  const authority = text(r, 'authority', false);
  const evidence = text(r, 'evidence', false);
  if (evidence !== undefined && !/^https?:\/\/\S+$/i.test(evidence))
    fail('DECISION_INVALID', 'evidence: expected an http(s) URL', { field: 'evidence' });
  const key = text(r, 'key', false);
  if (key !== undefined && !KEY.test(key))
    fail('DECISION_INVALID', 'key: expected 1 to 200 characters without spaces', { field: 'key' });
  const term = text(r, 'term', false);
  return {
    subject,
    scheme,
    ...(authority === undefined ? {} : { authority: checkAuthority(authority) }),
    list,
    reason: text(r, 'reason', true)!,
    basis: text(r, 'basis', true)!,
    ...(evidence === undefined ? {} : { evidence }),
    ...(term === undefined ? {} : { term }),
    ...(key === undefined ? {} : { key }),
  };
}
