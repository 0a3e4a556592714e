/**
 * Shapes of the API answers the pages read, taken from the types generated from the
 * OpenAPI document (api.gen.d.ts, made by `npm run openapi` from docs/openapi.json, which
 * openapi.test.ts keeps in step with the routes' schemas): a route that changes what it
 * answers breaks the web UI's build, not its pages at run time.
 */
import type { paths } from './api.gen.js';

type Method = 'get' | 'post' | 'put' | 'delete';
/** The JSON body of a route's 200 answer. */
type Answer<P extends keyof paths, M extends Method> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : never;
type Item<T> = T extends readonly (infer U)[] ? U : never;

export type Principal = Answer<'/v1/me', 'get'>;
export type Staff = Extract<Principal, { type: 'staff' }>;
export type SubjectP = Extract<Principal, { type: 'subject' }>;

export type VersionSummary = Item<Answer<'/v1/schemes', 'get'>['versions']>;
/** A version as published, with its parsed document; the API serves the document as open JSON, so its shape is written here (SPEC §3). */
export type VersionDetail = Omit<Answer<'/v1/schemes/{authority}/{scheme}/versions/{version}', 'get'>, 'content'> & {
  readonly content: SchemeDoc;
};
export type ReportEntry = Item<VersionDetail['report']>;
export type DataContextReport = VersionDetail['dataContext'];

export interface Sanction {
  readonly action: string;
  readonly effect: string;
  readonly limit?: Readonly<Record<string, number>>;
  readonly justification?: string;
  readonly basis?: string;
}

export interface SchemeDoc {
  /** Translations of its texts by locale, then by field path (`title`, `lists[0].title`, …): see docs/i18n.md. */
  readonly translations?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly scheme: string;
  readonly public: boolean;
  readonly authority: string;
  readonly title?: string;
  readonly subjects: readonly string[];
  readonly context: string;
  readonly basis?: string;
  readonly sources: readonly string[];
  readonly consent: 'none' | 'required';
  readonly score: { readonly base: number; readonly min?: number; readonly max?: number };
  readonly grades: readonly {
    readonly id: string;
    readonly min?: number;
    readonly max?: number;
    readonly when?: string;
  }[];
  readonly rules: readonly {
    readonly id: string;
    readonly when: string;
    readonly points: number | string;
    readonly lapse?: string;
    readonly keep?: 'latest';
    readonly cap?: { readonly points: number; readonly per?: string };
  }[];
  readonly lists: readonly {
    readonly id: string;
    readonly title?: string;
    readonly type: string;
    readonly when: string;
    readonly appeal: string;
    readonly publish: boolean;
    readonly sanctions: readonly Sanction[];
  }[];
}

export type CheckResult = Answer<'/v1/schemes/check', 'post'>;
export type Problem = Item<NonNullable<CheckResult['errors']>>;

export type Explanation = Answer<'/v1/schemes/{authority}/{scheme}/subjects/{subject}', 'get'>;
export type Contribution = Item<Explanation['contributions']>;
export type RuleError = Item<Explanation['errors']>;
export type ListValue = Item<Explanation['listConditions']>;

export type ScoreLine = Item<Answer<'/v1/schemes/{authority}/{scheme}/scores', 'get'>['lines']>;

export type Listing = Item<Answer<'/v1/listings', 'get'>['listings']>;
export type AuditCheckpoint = Item<Answer<'/v1/audit/checkpoints', 'get'>['checkpoints']>;
export type ListingState = Listing['state'];
export type ListingWithNotice = Answer<'/v1/listings/{id}', 'get'>;
export type Notice = NonNullable<ListingWithNotice['notice']>;

export type Appeal = Answer<'/v1/appeals/{id}', 'get'>;
export type QueuedAppeal = Item<Answer<'/v1/review/queue', 'get'>['appeals']>;
export type Dispute = Answer<'/v1/disputes/{id}', 'get'>;
export type SecondInstance = Item<Answer<'/v1/review/second-instances', 'get'>>;
export type SecondInstanceOffer = Item<Answer<'/v1/me/second-instances', 'get'>>;

export type RecordView = Answer<'/v1/records/{authority}/{key}', 'get'>;

export type SchemeJudgement = Item<Answer<'/v1/me/scores', 'get'>['schemes']>;
export type Standing = NonNullable<SchemeJudgement['standing']>;
export type Message = Item<Answer<'/v1/me/inbox', 'get'>['messages']>;
export type AccessEntry = Item<Answer<'/v1/me/access-log', 'get'>['entries']>;
export type SharingInFile = Item<Answer<'/v1/me/sharing', 'get'>['grants']>;
export type SharingGrant = Item<Answer<'/v1/public/shares', 'get'>['shares']>;

/** Grade distribution of a scheme over time (history.route.ts). */
export type History = Answer<'/v1/schemes/{authority}/{scheme}/history', 'get'>;
export type HistoryPoint = Item<History['points']>;

export type PublicAuthority = Item<Answer<'/v1/public/authorities', 'get'>['authorities']>;
export type Statistics = Answer<'/v1/public/statistics', 'get'>;
export type AuthorityStats = Item<Statistics['authorities']>;
export type PublishedList = Item<Answer<'/v1/public/lists', 'get'>['lists']>;
export type ListEntries = Answer<'/v1/public/lists/{authority}/{scheme}/{list}/entries', 'get'>;
export type ListSize = Item<Answer<'/v1/lists', 'get'>['lists']>;
export type Published = Answer<'/v1/schemes', 'post'>;
export type ReviewQueue = Answer<'/v1/review/queue', 'get'>;

/** The console's subject page in one answer (console.route.ts). */
type ConsoleAnswer = Answer<'/v1/console/subjects/{subject}', 'get'>;
export type ConsoleScheme = Omit<Item<ConsoleAnswer['schemes']>, 'content'> & { readonly content: SchemeDoc };
export type ConsoleSubject = Omit<ConsoleAnswer, 'schemes'> & { readonly schemes: readonly ConsoleScheme[] };

export type SubjectSettings = Answer<'/v1/me/settings', 'get'>;
export type OpenedNotice = Answer<'/v1/notice-links/{listing}', 'post'>;
export type PassView = Item<Answer<'/v1/me/passes', 'get'>['passes']>;
export type PassVerification = Answer<'/v1/passes/{token}', 'get'>;
export type Exclusions = Answer<'/v1/me/exclusions', 'get'>;

export type WebhookEndpoint = Item<Answer<'/v1/webhooks', 'get'>['endpoints']>;
export type WebhookDelivery = Item<Answer<'/v1/webhooks/{id}/deliveries', 'get'>['deliveries']>;
