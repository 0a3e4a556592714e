import { Type, type Static, type TSchema } from 'typebox';
import type { RecordView as EngineRecordView } from '../engine/ingest/record-view.js';

// Response schemas of the due-process routes (listings, cases, the subject's file). They
// mirror the views of src/engine/due-process/subject-file.ts; the serializer sends exactly these fields.

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** `T` without `readonly`, all the way down: the static types of response schemas are mutable, the engine's views are not. */
export type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;

/** A view as a response body. Only the type changes: the serializer reads, never writes, so the view stays as it was. */
export const body = <T>(view: T): Mutable<T> => view as Mutable<T>;

/**
 * `true` when a response schema describes exactly the engine's view type `V` (same field names,
 * same types); a field renamed, added or lost on either side makes it `false`.
 */
export type Describes<S extends TSchema, V> = [Static<S>] extends [Mutable<V>]
  ? [Mutable<V>] extends [Static<S>]
    ? true
    : false
  : false;
/** Compiles only for `true`: `Agrees<Describes<typeof Schema, View>>` fails to compile when they drift apart. */
export type Agrees<T extends true> = T;

export const IdParam = Type.String({ pattern: '^[1-9][0-9]{0,14}$', description: 'a positive integer id' });

const JsonObject = Type.Record(Type.String(), Type.Unknown());

export const DisputeMark = Type.Object(
  {
    record: Type.String({ description: 'authority/key' }),
    dispute: Type.Integer(),
    deadline: Type.String({ description: 'when the reporting authority must decide by' }),
    overdue: Type.Boolean({ description: 'past the deadline undecided: the record does not count until decided' }),
  },
  { title: 'DisputeMark', description: 'A record under a pending dispute, marked `disputed` wherever it is shown.' },
);

export const RecordView = Type.Object(
  {
    authority: Type.String(),
    key: Type.String(),
    subject: Type.String(),
    kind: Type.String(),
    occurredAt: Type.String(),
    data: JsonObject,
    evidence: Nullable(Type.String()),
    receivedAt: Type.String(),
    retracted: Nullable(Type.Object({ at: Type.String(), reason: Nullable(Type.String()) })),
    disputed: Nullable(DisputeMark),
    reportedBy: Type.Optional(
      Type.String({
        description:
          'For a record that came from a report (SPEC §14): "a member of the public", or the name of the authority that reported it.',
      }),
    ),
  },
  { title: 'SubjectRecord', description: 'A record about the subject; retracted ones stay, with the reason.' },
);
/** The schema describes the engine's view exactly (src/engine/ingest/record-view.ts). */
export type RecordViewAgrees = Agrees<Describes<typeof RecordView, EngineRecordView>>;

const Contribution = Type.Object({
  key: Type.String(),
  authority: Type.String(),
  rule: Type.String(),
  points: Type.Number(),
  capped: Type.Number(),
});
const RuleError = Type.Object({
  rule: Type.String(),
  site: Type.String(),
  key: Type.Optional(Type.String()),
  message: Type.String(),
});
const ListValue = Type.Object({
  id: Type.String(),
  value: Type.Boolean(),
  error: Type.Optional(Type.String()),
  records: Type.Optional(
    Type.Array(Type.String(), {
      description:
        'the records the condition holds through (its comprehensions over subject.records), as authority/key',
    }),
  ),
});

export const Explanation = Type.Object(
  {
    at: Type.String(),
    candidates: Type.Integer(),
    contributions: Type.Array(Contribution, {
      description: 'record key, rule, points before (`points`) and after (`capped`) the cap',
    }),
    errors: Type.Array(RuleError),
    listConditions: Type.Array(ListValue),
    liveRecords: Type.Array(Type.String(), { description: '"authority/key" of each live record' }),
    disputed: Type.Array(DisputeMark, {
      description: 'records under a pending dispute among the scheme’s sources; overdue ones are not candidates',
    }),
  },
  { title: 'Explanation' },
);

export const Standing = Type.Object(
  {
    rank: Type.Integer({ description: '1 is the highest score' }),
    of: Type.Integer({ description: 'judged subjects of the scheme' }),
    percentile: Type.Number({ description: 'share of judged subjects scoring below, ties counted half, in percent' }),
  },
  {
    title: 'Standing',
    description: 'Where the score stands among the scheme’s judged subjects, from the derived state.',
  },
);

export const SchemeJudgement = Type.Object(
  {
    authority: Type.String(),
    scheme: Type.String(),
    version: Type.Integer(),
    title: Nullable(Type.String()),
    public: Type.Boolean(),
    context: Type.String(),
    basis: Nullable(Type.String()),
    consent: Type.Union([Type.Literal('none'), Type.Literal('required')]),
    notJudged: Nullable(Type.Literal('no-consent')),
    score: Nullable(Type.Number()),
    grade: Nullable(Type.String()),
    lists: Type.Array(Type.String()),
    explanation: Explanation,
    standing: Nullable(Standing),
    versionUnderTest: Type.Boolean({
      description: 'a shadow version of this scheme also judges the subject: a version under test, never enforced',
    }),
  },
  { title: 'SchemeJudgement', description: 'A scheme that judges the subject (also when not public), evaluated now.' },
);

const Sanction = Type.Object({
  action: Type.String(),
  effect: Type.String(),
  limit: Type.Optional(Type.Record(Type.String(), Type.Number())),
  justification: Type.Optional(Type.String()),
  basis: Type.Optional(Type.String()),
});

export const Notice = Type.Object(
  {
    listing: Type.Integer(),
    subject: Type.String(),
    authority: Type.String(),
    scheme: Type.String(),
    version: Type.Integer(),
    list: Type.Object({
      id: Type.String(),
      title: Nullable(Type.String()),
      type: Type.String(),
      condition: Type.String(),
    }),
    sanctions: Type.Array(Sanction),
    basis: Nullable(Type.String()),
    automated: Type.Boolean({ description: 'Kept for older notices: detection and decision were both automated.' }),
    automatedDetection: Type.Optional(
      Type.Boolean({ description: 'Whether the facts were detected by automated means.' }),
    ),
    automatedDecision: Type.Optional(
      Type.Boolean({ description: 'Whether the decision was taken by automated means.' }),
    ),
    ground: Type.Optional(
      Type.Object(
        { kind: Type.Union([Type.Literal('legal'), Type.Literal('contractual')]), text: Type.String() },
        { description: 'The legal ground (the scheme’s basis), else the published scheme as the contractual ground.' },
      ),
    ),
    scope: Type.Optional(Type.String({ description: 'The restriction, its scope and duration, in words.' })),
    redress: Type.Optional(
      Type.Array(
        Type.Object({
          kind: Type.Union([Type.Literal('appeal'), Type.Literal('second-instance'), Type.Literal('record-dispute')]),
          until: Nullable(Type.String()),
          within: Nullable(Type.String()),
          from: Nullable(Type.String()),
          how: Type.String(),
        }),
        { description: 'Every form of redress with its deadline.' },
      ),
    ),
    facts: Type.Object({
      score: Nullable(Type.Number()),
      grade: Nullable(Type.String()),
      contributions: Type.Array(Contribution),
      errors: Type.Array(RuleError),
      listConditions: Type.Array(ListValue),
      liveRecords: Type.Array(Type.String()),
    }),
    noticedAt: Type.String(),
    effectAt: Type.String(),
    effectProvisional: Type.Optional(
      Type.Boolean({ description: 'effectAt as issued (issue + P2D + appeal); fixed when the notice is received' }),
    ),
    termEndsAt: Type.Optional(Nullable(Type.String({ description: 'the maximum term ends the listing then' }))),
    appeal: Type.Object({ until: Type.String(), how: Type.String() }),
    translations: Type.Optional(
      Type.Record(
        Type.String(),
        Type.Object({
          listTitle: Type.Optional(Type.String()),
          basis: Type.Optional(Type.String()),
          sanctions: Type.Optional(
            Type.Array(
              Type.Object({ justification: Type.Optional(Type.String()), basis: Type.Optional(Type.String()) }),
            ),
          ),
        }),
        { description: 'The scheme’s translations of the list title, basis and sanction texts, by language (zh-CN).' },
      ),
    ),
  },
  { title: 'Notice', description: 'The statement of reasons a listing was noticed with (SPEC §6).' },
);

const ListingState = Type.Union([
  Type.Literal('noticed'),
  Type.Literal('suspended'),
  Type.Literal('active'),
  Type.Literal('ended'),
]);

const listingFields = {
  id: Type.Integer(),
  subject: Type.String(),
  authority: Type.String(),
  scheme: Type.String(),
  version: Type.Integer(),
  list: Type.String(),
  listTitle: Type.String({ description: 'the list’s one display name: its title, else its id in words' }),
  listType: Type.Union([Type.Literal('blacklist'), Type.Literal('redlist'), Type.Literal('watchlist')]),
  state: ListingState,
  noticedAt: Type.String(),
  effectAt: Type.String({ description: 'when the sanctions take effect: the end of the appeal window' }),
  activeSince: Nullable(Type.String()),
  appealed: Type.Boolean(),
  endedAt: Nullable(Type.String()),
  endReason: Nullable(Type.String()),
  appealWindowOpen: Type.Boolean({ description: 'an appeal filed now suspends the sanctions' }),
  receivedAt: Nullable(
    Type.String({ description: 'when the subject received the notice (read it, or 2 days passed)' }),
  ),
  effectProvisional: Type.Boolean({ description: 'effectAt is provisional until the notice is received' }),
  term: Nullable(Type.String({ description: 'the maximum term (ISO 8601); null for a redlist' })),
  termEndsAt: Nullable(Type.String({ description: 'the listing ends then even if the subject still qualifies' })),
};

export const ListingView = Type.Object(listingFields, { title: 'Listing' });

export const AppealView = Type.Object(
  {
    id: Type.Integer(),
    listing: Type.Integer(),
    subject: Type.String(),
    authority: Type.String(),
    statement: Type.String(),
    filedAt: Type.String(),
    late: Type.Boolean({ description: 'filed after the effect instant: the sanctions stay while it is reviewed' }),
    deadline: Type.String({ description: 'the listing’s effect instant' }),
    state: Type.Union([Type.Literal('pending'), Type.Literal('upheld'), Type.Literal('overturned')]),
    decidedAt: Nullable(Type.String()),
    reasons: Nullable(Type.String()),
    retracted: Type.Array(Type.String()),
    exempt: Type.Boolean(),
    filedBy: Type.Optional(Nullable(Type.String({ description: 'staff only' }))),
    decidedBy: Type.Optional(Nullable(Type.String({ description: 'staff only' }))),
  },
  { title: 'Appeal' },
);

export const DisputeView = Type.Object(
  {
    id: Type.Integer(),
    authority: Type.String(),
    key: Type.String(),
    subject: Type.String(),
    statement: Type.String(),
    filedAt: Type.String(),
    state: Type.Union([Type.Literal('pending'), Type.Literal('retracted'), Type.Literal('confirmed')]),
    decidedAt: Nullable(Type.String()),
    reasons: Nullable(Type.String()),
    deadline: Type.String({ description: 'when the reporting authority must decide by' }),
    overdue: Type.Boolean({ description: 'pending past its deadline: the record does not count until decided' }),
    filedBy: Type.Optional(Nullable(Type.String({ description: 'staff only' }))),
    decidedBy: Type.Optional(Nullable(Type.String({ description: 'staff only' }))),
  },
  { title: 'Dispute' },
);

export const ListingWithNotice = Type.Object(
  {
    ...listingFields,
    notice: Nullable(Notice),
    appeal: Nullable(AppealView),
    disputed: Type.Array(DisputeMark, { description: 'records among the notice’s facts now under a pending dispute' }),
  },
  { title: 'ListingWithNotice', description: 'A listing with its notice (none for redlists) and its appeal, if any.' },
);

export const MessageView = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.Union([
      Type.Literal('notice'),
      Type.Literal('listing-active'),
      Type.Literal('listing-ended'),
      Type.Literal('appeal-received'),
      Type.Literal('appeal-decided'),
      Type.Literal('dispute-received'),
      Type.Literal('dispute-decided'),
      Type.Literal('dispute-overdue'),
      Type.Literal('second-instance-received'),
      Type.Literal('second-instance-decided'),
      Type.Literal('enrolment'),
      Type.Literal('effect-fixed'),
      Type.Literal('sanction-lifted'),
    ]),
    listing: Nullable(Type.Integer()),
    authority: Type.String(),
    at: Type.String(),
    body: JsonObject,
  },
  {
    title: 'InboxMessage',
    description:
      'A notice, outcome or end delivered to the subject, or an enrolment of one of its accounts (authority `operator`); `body.text` says it in words.',
  },
);

export const AccessView = Type.Object(
  {
    party: Type.String(),
    action: Type.String(),
    effect: Type.String({
      description:
        'allow, deny, limit, waive, priority, or refused; for a pass of a scheme grade, grade:ID or no-grade. A pass verification names the party "pass holder" (with the pass\'s recipient, if any).',
    }),
    at: Type.String(),
    decision: Type.Union([Type.String(), Type.Null()], {
      description: 'The decision id the answer carried (null: refused, or logged before decision ids existed).',
    }),
  },
  { title: 'AccessLogEntry' },
);

export const SharingView = Type.Object(
  {
    from: Type.String({ description: 'the authority whose records about you are read' }),
    to: Type.String({ description: 'the authority whose scheme reads them' }),
    scheme: Type.String(),
    purpose: Type.String({ description: 'the purpose the operator granted the sharing for' }),
    grantedAt: Type.String(),
    revokedAt: Nullable(Type.String({ description: 'once revoked, the scheme no longer reads these records' })),
    records: Type.Integer({ description: 'records of `from` about you' }),
  },
  {
    title: 'SharingGrantInFile',
    description:
      'A data-sharing grant under which a scheme of one authority reads (or read) another’s records about you.',
  },
);

export const SubjectFile = Type.Object(
  {
    subject: Type.String(),
    at: Type.String(),
    records: Type.Array(RecordView),
    schemes: Type.Array(SchemeJudgement),
    listings: Type.Array(ListingWithNotice),
    appeals: Type.Array(AppealView),
    disputes: Type.Array(DisputeView),
    inbox: Type.Array(MessageView),
    accessLog: Type.Array(AccessView),
    sharing: Type.Array(SharingView),
  },
  { title: 'SubjectFile', description: 'Everything held about the subject (SPEC §7).' },
);
