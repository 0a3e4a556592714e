import { fail } from './errors.js';
import { formatInstant } from './instant.js';
import { listName } from './list-name.js';
import { conditionRecords, DEFAULT_SECOND_INSTANCE, type NoticeBody } from './notice.js';

/**
 * Statements of reasons in the shape of the DSA Transparency Database API (SPEC §8): the
 * fields, enumerations and limits of its StatementStoreRequest (app/Http/Requests/
 * StatementStoreRequest.php and app/Models/Statement.php of
 * github.com/digital-services-act/transparency-database). The mapping from a notice is
 * documented in docs/statements.md. Pure: no I/O.
 */

export const DECISION_VISIBILITIES = [
  'DECISION_VISIBILITY_CONTENT_REMOVED',
  'DECISION_VISIBILITY_CONTENT_DISABLED',
  'DECISION_VISIBILITY_CONTENT_DEMOTED',
  'DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED',
  'DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED',
  'DECISION_VISIBILITY_CONTENT_LABELLED',
  'DECISION_VISIBILITY_OTHER',
] as const;
export const DECISION_MONETARIES = [
  'DECISION_MONETARY_SUSPENSION',
  'DECISION_MONETARY_TERMINATION',
  'DECISION_MONETARY_OTHER',
] as const;
export const DECISION_PROVISIONS = [
  'DECISION_PROVISION_PARTIAL_SUSPENSION',
  'DECISION_PROVISION_TOTAL_SUSPENSION',
  'DECISION_PROVISION_PARTIAL_TERMINATION',
  'DECISION_PROVISION_TOTAL_TERMINATION',
] as const;
export const DECISION_ACCOUNTS = ['DECISION_ACCOUNT_SUSPENDED', 'DECISION_ACCOUNT_TERMINATED'] as const;
export const ACCOUNT_TYPES = ['ACCOUNT_TYPE_BUSINESS', 'ACCOUNT_TYPE_PRIVATE'] as const;
export const DECISION_GROUNDS = ['DECISION_GROUND_ILLEGAL_CONTENT', 'DECISION_GROUND_INCOMPATIBLE_CONTENT'] as const;
export const CONTENT_TYPES = [
  'CONTENT_TYPE_APP',
  'CONTENT_TYPE_AUDIO',
  'CONTENT_TYPE_IMAGE',
  'CONTENT_TYPE_PRODUCT',
  'CONTENT_TYPE_SYNTHETIC_MEDIA',
  'CONTENT_TYPE_TEXT',
  'CONTENT_TYPE_VIDEO',
  'CONTENT_TYPE_OTHER',
] as const;
export const STATEMENT_CATEGORIES = [
  'STATEMENT_CATEGORY_ANIMAL_WELFARE',
  'STATEMENT_CATEGORY_CONSUMER_INFORMATION',
  'STATEMENT_CATEGORY_CYBER_VIOLENCE',
  'STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN',
  'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS',
  'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
  'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS',
  'STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS',
  'STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE',
  'STATEMENT_CATEGORY_OTHER_VIOLATION_TC',
  'STATEMENT_CATEGORY_PROTECTION_OF_MINORS',
  'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY',
  'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
  'STATEMENT_CATEGORY_SELF_HARM',
  'STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS',
  'STATEMENT_CATEGORY_VIOLENCE',
] as const;
export const SOURCE_TYPES = [
  'SOURCE_ARTICLE_16',
  'SOURCE_TRUSTED_FLAGGER',
  'SOURCE_TYPE_OTHER_NOTIFICATION',
  'SOURCE_VOLUNTARY',
] as const;
export const AUTOMATED_DETECTIONS = ['Yes', 'No'] as const;
export const AUTOMATED_DECISIONS = [
  'AUTOMATED_DECISION_FULLY',
  'AUTOMATED_DECISION_PARTIALLY',
  'AUTOMATED_DECISION_NOT_AUTOMATED',
] as const;

/** One statement of reasons as the Transparency Database API takes it (only the fields Standing fills). */
export interface DsaStatement {
  decision_visibility: (typeof DECISION_VISIBILITIES)[number][] | null;
  decision_visibility_other?: string;
  decision_monetary: null;
  decision_provision: (typeof DECISION_PROVISIONS)[number] | null;
  decision_account: null;
  account_type: (typeof ACCOUNT_TYPES)[number] | null;
  decision_ground: (typeof DECISION_GROUNDS)[number];
  illegal_content_legal_ground?: string;
  illegal_content_explanation?: string;
  incompatible_content_ground?: string;
  incompatible_content_explanation?: string;
  content_type: (typeof CONTENT_TYPES)[number][];
  content_type_other?: string;
  category: (typeof STATEMENT_CATEGORIES)[number];
  content_date: string;
  application_date: string;
  end_date_service_restriction: string | null;
  end_date_visibility_restriction: string | null;
  decision_facts: string;
  source_type: (typeof SOURCE_TYPES)[number];
  source_identity?: string;
  automated_detection: (typeof AUTOMATED_DETECTIONS)[number];
  automated_decision: (typeof AUTOMATED_DECISIONS)[number];
  puid: string;
}

/** What the statement takes from the listing as it stands (the effect instant is fixed at receipt). */
export interface StatementListing {
  readonly id: number;
  readonly effectAt: number;
  readonly termEndsAt: number | null;
}

/** The API's limits (max:N in StatementStoreRequest). */
const MAX = {
  other: 500,
  ground: 500,
  explanation: 2000,
  facts: 5000,
  identity: 500,
  puid: 500,
} as const;
/** Dates the API accepts: application_date and end dates before_or_equal 2038-01-01; content_date after 2000-01-01. */
const LAST_DATE = '2038-01-01';

const day = (ms: number): string => formatInstant(ms).slice(0, 10);

/** Cuts a text to the API's limit, marking the cut (a statement is never refused for length). */
function fit(text: string, max: number): string {
  if ([...text].length <= max) return text;
  return `${[...text].slice(0, max - 1).join('')}…`;
}

/**
 * A notice as a statement of reasons (docs/statements.md). Redlist listings grant a
 * privilege and restrict nothing: they are not statements of reasons, and callers skip them.
 */
export function toDsaStatement(n: NoticeBody, listing: StatementListing): DsaStatement {
  const restricts = n.sanctions.some((s) => s.effect === 'deny' || s.effect === 'limit');
  const denies = n.sanctions.filter((s) => s.effect === 'deny' || s.effect === 'limit').map((s) => s.action);
  const title = listName(n.list);
  const ends = listing.termEndsAt === null ? null : day(listing.termEndsAt);
  const end = ends !== null && ends <= LAST_DATE ? ends : null;
  const records = conditionRecords(n);
  const sources = [
    ...new Set(
      (records.length > 0 ? records : n.facts.contributions.map((c) => `${c.authority}/${c.key}`)).map((r) =>
        r.slice(0, r.indexOf('/')),
      ),
    ),
  ].sort();
  const others = sources.filter((a) => a !== n.authority);
  const explanation = fit(
    n.decision
      ? `${n.authority} placed the subject on its ${n.list.type} "${title}" (scheme ${n.scheme}, version ${n.version}) by individual decision ${n.decision.key}: ${n.decision.reason} (evidence: ${n.decision.evidence ?? 'none given'}).`
      : `${n.authority} placed the subject on its ${n.list.type} "${title}" (scheme ${n.scheme}, version ${n.version}) because ${n.list.condition} held${records.length > 0 ? ` through ${records.join(', ')}` : ''}.`,
    MAX.explanation,
  );
  const legal = n.ground?.kind === 'legal' || (n.ground === undefined && n.basis !== null);
  const groundText = n.ground?.text ?? n.basis ?? `the published scheme ${n.scheme}, version ${n.version}`;
  const facts = [
    `Listing ${listing.id}: ${n.list.type} "${title}" of scheme ${n.scheme} v${n.version} (${n.authority}).`,
    `Condition: ${n.list.condition}.`,
    n.scope
      ? `Restriction: ${n.scope}`
      : `Sanctions: ${n.sanctions.map((s) => `${s.effect} ${s.action}`).join(', ') || 'none'}.`,
    `Score ${n.facts.score ?? '—'}, grade ${n.facts.grade ?? 'none'}.`,
    records.length > 0 ? `The condition holds through: ${records.join(', ')}.` : '',
    n.facts.contributions.length > 0
      ? `Contributions: ${n.facts.contributions.map((c) => `${c.authority}/${c.key} rule ${c.rule} ${c.capped} points`).join('; ')}.`
      : '',
    `Redress: appeal before ${formatInstant(listing.effectAt)}; second instance within ${n.redress?.find((r) => r.kind === 'second-instance')?.within ?? DEFAULT_SECOND_INSTANCE} of an upheld appeal; disputes of any record with its authority.`,
  ]
    .filter((l) => l !== '')
    .join(' ');
  const s: DsaStatement = {
    decision_visibility: restricts ? null : ['DECISION_VISIBILITY_OTHER'],
    ...(restricts
      ? {}
      : {
          decision_visibility_other: fit(
            `Placed on the ${n.list.type} "${title}" of ${n.authority}; no action is restricted.`,
            MAX.other,
          ),
        }),
    decision_monetary: null,
    decision_provision: restricts ? 'DECISION_PROVISION_PARTIAL_SUSPENSION' : null,
    decision_account: null,
    account_type: n.subject.startsWith('org:') ? 'ACCOUNT_TYPE_BUSINESS' : 'ACCOUNT_TYPE_PRIVATE',
    decision_ground: legal ? 'DECISION_GROUND_ILLEGAL_CONTENT' : 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
    ...(legal
      ? { illegal_content_legal_ground: fit(groundText, MAX.ground), illegal_content_explanation: explanation }
      : { incompatible_content_ground: fit(groundText, MAX.ground), incompatible_content_explanation: explanation }),
    content_type: ['CONTENT_TYPE_OTHER'],
    content_type_other: fit(
      `Records of conduct reported by ${sources.join(', ') || n.authority}${restricts ? `; restricted actions: ${denies.join(', ')}` : ''}`,
      MAX.other,
    ),
    category: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC',
    content_date: day(Date.parse(n.noticedAt)),
    application_date: day(listing.effectAt),
    end_date_service_restriction: restricts ? end : null,
    end_date_visibility_restriction: restricts ? null : end,
    decision_facts: fit(facts, MAX.facts),
    source_type: others.length > 0 ? 'SOURCE_TYPE_OTHER_NOTIFICATION' : 'SOURCE_VOLUNTARY',
    ...(others.length > 0 ? { source_identity: fit(others.join(', '), MAX.identity) } : {}),
    automated_detection: n.automatedDetection === false ? 'No' : 'Yes',
    automated_decision: n.automatedDecision === false ? 'AUTOMATED_DECISION_NOT_AUTOMATED' : 'AUTOMATED_DECISION_FULLY',
    puid: `standing-${n.authority}-listing-${listing.id}`.replace(/[^a-zA-Z0-9_-]/g, '-'),
  };
  return s;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PUID = /^[a-zA-Z0-9-_]+$/;

/**
 * The API's validation rules for the fields Standing fills, as problems (empty: valid):
 * required fields, enumerations, lengths, date formats and ranges, and the conditional
 * requirements (the ground's fields, the "other" texts, one restriction at least).
 */
export function dsaStatementProblems(s: DsaStatement): string[] {
  const p: string[] = [];
  const oneOf = (field: string, value: unknown, allowed: readonly string[], nullable = false): void => {
    if (value === null && nullable) return;
    if (typeof value !== 'string' || !allowed.includes(value))
      p.push(`${field}: ${JSON.stringify(value)} is not one of its values`);
  };
  const maxLen = (field: string, value: unknown, max: number, required: boolean): void => {
    if (value === undefined || value === null) {
      if (required) p.push(`${field}: required`);
      return;
    }
    if (typeof value !== 'string' || (required && value.length === 0)) p.push(`${field}: must be a non-empty string`);
    else if ([...value].length > max) p.push(`${field}: longer than ${max} characters`);
  };
  const date = (field: string, value: unknown, min: string | null, required: boolean): void => {
    if (value === null || value === undefined) {
      if (required) p.push(`${field}: required`);
      return;
    }
    if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(value)))
      p.push(`${field}: not a date YYYY-MM-DD`);
    else if (value > LAST_DATE) p.push(`${field}: after ${LAST_DATE}`);
    else if (min !== null && value < min) p.push(`${field}: before ${min}`);
  };

  if (s.decision_visibility !== null) {
    if (!Array.isArray(s.decision_visibility)) p.push('decision_visibility: must be an array');
    else for (const v of s.decision_visibility) oneOf('decision_visibility', v, DECISION_VISIBILITIES);
  }
  const visOther = Array.isArray(s.decision_visibility) && s.decision_visibility.includes('DECISION_VISIBILITY_OTHER');
  if (visOther) maxLen('decision_visibility_other', s.decision_visibility_other, MAX.other, true);
  else if (s.decision_visibility_other !== undefined)
    p.push('decision_visibility_other: only with DECISION_VISIBILITY_OTHER');
  oneOf('decision_provision', s.decision_provision, DECISION_PROVISIONS, true);
  oneOf('account_type', s.account_type, ACCOUNT_TYPES, true);
  if (
    (s.decision_visibility === null || s.decision_visibility.length === 0) &&
    s.decision_monetary === null &&
    s.decision_provision === null &&
    s.decision_account === null
  )
    p.push('decision_visibility, decision_monetary, decision_provision, decision_account: one is required');

  oneOf('decision_ground', s.decision_ground, DECISION_GROUNDS);
  const illegal = s.decision_ground === 'DECISION_GROUND_ILLEGAL_CONTENT';
  const incompatible = s.decision_ground === 'DECISION_GROUND_INCOMPATIBLE_CONTENT';
  maxLen('illegal_content_legal_ground', s.illegal_content_legal_ground, MAX.ground, illegal);
  maxLen('illegal_content_explanation', s.illegal_content_explanation, MAX.explanation, illegal);
  maxLen('incompatible_content_ground', s.incompatible_content_ground, MAX.ground, incompatible);
  maxLen('incompatible_content_explanation', s.incompatible_content_explanation, MAX.explanation, incompatible);
  if (!illegal && (s.illegal_content_legal_ground !== undefined || s.illegal_content_explanation !== undefined))
    p.push('illegal_content_*: only with DECISION_GROUND_ILLEGAL_CONTENT');
  if (
    !incompatible &&
    (s.incompatible_content_ground !== undefined || s.incompatible_content_explanation !== undefined)
  )
    p.push('incompatible_content_*: only with DECISION_GROUND_INCOMPATIBLE_CONTENT');

  if (!Array.isArray(s.content_type) || s.content_type.length === 0) p.push('content_type: required');
  else for (const v of s.content_type) oneOf('content_type', v, CONTENT_TYPES);
  if (Array.isArray(s.content_type) && s.content_type.includes('CONTENT_TYPE_OTHER'))
    maxLen('content_type_other', s.content_type_other, MAX.other, true);

  oneOf('category', s.category, STATEMENT_CATEGORIES);
  date('content_date', s.content_date, '2000-01-01', true);
  date('application_date', s.application_date, '2020-01-01', true);
  date('end_date_service_restriction', s.end_date_service_restriction, null, false);
  date('end_date_visibility_restriction', s.end_date_visibility_restriction, null, false);
  maxLen('decision_facts', s.decision_facts, MAX.facts, true);
  oneOf('source_type', s.source_type, SOURCE_TYPES);
  if (s.source_type === 'SOURCE_VOLUNTARY' && s.source_identity !== undefined)
    p.push('source_identity: excluded for SOURCE_VOLUNTARY');
  maxLen('source_identity', s.source_identity, MAX.identity, false);
  oneOf('automated_detection', s.automated_detection, AUTOMATED_DETECTIONS);
  oneOf('automated_decision', s.automated_decision, AUTOMATED_DECISIONS);
  maxLen('puid', s.puid, MAX.puid, true);
  if (typeof s.puid === 'string' && !PUID.test(s.puid)) p.push('puid: only letters, digits, - and _');
  return p;
}

/** Validates a statement before it is written (SPEC §8); fails with SOR_INVALID naming every problem. */
export function checkDsaStatement(s: DsaStatement, listing: number): DsaStatement {
  const problems = dsaStatementProblems(s);
  if (problems.length > 0)
    fail(
      'SOR_INVALID',
      `the statement of listing ${listing} does not meet the DSA Transparency Database API: ${problems.join('; ')}`,
    );
  return s;
}
