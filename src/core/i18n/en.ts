import { ERROR_CODES } from '../errors.js';

/**
 * The server's English messages (ICU MessageFormat): the source of truth. zh-CN.ts has the
 * same keys with the same placeholders (catalogue.test.ts checks it). `error.CODE` is the
 * description of each stable error code in errors.ts; the rest is what a subject reads in a
 * notice or in the CLI. Web pages have their own catalogue (web/src/i18n/en.ts).
 */
const errors = Object.fromEntries(
  Object.entries(ERROR_CODES).map(([code, text]) => [`error.${code}`, text.replace(/'/g, '’')]),
) as { readonly [K in keyof typeof ERROR_CODES as `error.${K}`]: string };

export const en = {
  ...errors,

  'notice.head': 'NOTICE {listing} to {subject}',
  'notice.places': '{authority} places you on the {type} “{list}” ({id}) of scheme {scheme}, version {version}.',
  'notice.decidedLegacy': 'Decided automatically from the records below; a human reviewer decides any appeal.',
  'notice.decided':
    'Detected {detection, select, auto {by automated means (the scheme’s evaluation of records)} other {by a person}}; decided {decision, select, auto {by automated means} other {by a person}}; a human reviewer decides any appeal.',
  'notice.ground': 'Ground ({kind, select, legal {legal} other {contractual}}): {text}',
  'notice.groundContractual': 'the published scheme {scheme}, version {version}, of {authority}',
  'notice.basis': 'Basis: {basis}',
  'notice.basisNone': 'none stated by the scheme',
  'notice.restriction': 'Restriction: {scope}',
  'notice.condition': 'Condition: {condition}',
  'notice.sanctionsNone': 'Sanctions: none (a watchlist).',
  'notice.sanctions': 'Sanctions:',
  'notice.holdsThrough': 'The condition holds through {count, plural, one {this record} other {these records}}:',
  'notice.reportedBy': '{record} (reported by {authority})',
  'notice.score': 'Score {score}, grade {grade}. Facts:',
  'notice.gradeNone': 'none',
  'notice.fact': '{record}: rule {rule}, {points} points{capped, select, yes { ({counted} after the cap)} other {}}',
  'notice.ruleErrors': 'Rule errors (counted as 0 or false):',
  'notice.dates':
    'Noticed {noticedAt}; takes effect {effectAt}{provisional, select, yes { (provisional: the window runs from when you read this notice, at the latest 2 days after it was issued)} other {}}.',
  'notice.term': 'The listing ends at the latest {termEndsAt} (its maximum term), even if you still qualify.',
  'notice.appeal': 'How to appeal: {how}',
  'notice.appealHow':
    'File an appeal with a statement before {until} to suspend the sanctions until a human reviewer decides: in the subject portal, with POST /v1/listings/{listing}/appeal, or with standing appeal {listing} --statement "…" --as ACCOUNT. A later appeal is still reviewed, but the sanctions apply meanwhile.',
  'notice.secondInstance':
    'Second instance (within {within} of the decision upholding your appeal): if a reviewer upholds your appeal, you may ask for a second review, by the appeal body the operator named for {authority}, else by a reviewer who took no part in the first decision.',
  'notice.recordDisputes':
    "Record disputes (within {within} of your dispute, the time the reporting authority has to decide it unless it set another): dispute any record among the facts with the authority that reported it, at any time, in the subject portal, with POST /v1/records/'{authority}'/'{key}'/disputes, or with standing dispute KEY --authority AUTHORITY --statement \"…\" --as ACCOUNT. Past its deadline an undecided record stops counting.",
  'notice.sanctionLine': '{effect} {action}',
  'notice.noRestriction': 'No action is restricted (a {type}): relying parties are told of nothing',
  'notice.scope':
    '{what}, when a relying party checks {count, plural, one {that action} other {those actions}}; from {effectAt} (unless appealed before then){term, select, yes { until {termEndsAt} at the latest (the maximum term), or earlier when the condition stops holding} other {}}.',

  'explain.head': '{subject} under {scheme}@{version} of {authority}{title}, at {at}',
  'explain.notJudgedType': 'Not judged: this scheme judges {types} subjects only.',
  'explain.notJudgedConsent':
    'Not judged: this scheme needs consent and the subject has not opted in at this instant. Its records are kept.',
  'explain.score': 'Score {score} (base {base}{bounds}) · grade {grade} · {candidates} candidate records',
  'explain.gradeNone': 'none',
  'explain.noContribution': 'No record contributes points.',
  'explain.contributions': 'Contributions',
  'explain.col.record': 'record',
  'explain.col.rule': 'rule',
  'explain.col.points': 'points',
  'explain.col.counted': 'counted',
  'explain.capped': 'capped',
  'explain.disputed': 'disputed',
  'explain.rest':
    '{restText} of the {candidates} candidate records {rest, plural, one {counts no points: it matched no rule, lapsed, or was} other {count no points: they matched no rule, lapsed, or were}} set aside by keep: latest (list conditions still see the live ones).',
  'explain.ruleErrors': 'Rule errors (each counted as 0 points or false)',
  'explain.col.where': 'where',
  'explain.col.error': 'error',
  'explain.grade': 'Grade: {grade}',
  'explain.gradeNoMatch': 'no grade entry matched',
  'explain.gradeMatched': '{grade} (first entry whose conditions hold)',
  'explain.lists': 'Lists',
  'explain.col.list': 'list',
  'explain.col.type': 'type',
  'explain.col.condition': 'condition',
  'explain.col.when': 'when',
  'explain.qualifies': 'qualifies',
  'explain.no': 'no',
  'explain.error': 'error: {error}',
  'explain.holdsThrough': '{list} holds through {records}',
  'explain.reportedBy': '{record} (reported by {authority})',
  'explain.disputedHead': 'Disputed records (SPEC §6)',
  'explain.disputedOverdue':
    '{record} disputed: {authority} did not decide by {deadline}, so it does not count until decided',
  'explain.disputedOpen': '{record} disputed: {authority} must decide by {deadline}; it counts until then',
  'explain.nextChange': 'Next change by time alone: {at}',
} as const;

export type MessageKey = keyof typeof en;
