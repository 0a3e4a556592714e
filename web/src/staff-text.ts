/** Words for the values the staff pages show (states, list types, roles), in the page's language; unknown values stay as they are. */
import { get, seg } from './api.js';
import { listName, words } from './format.js';
import { currentLocale, t, type Key } from './i18n.js';
import type { SchemeDoc, VersionDetail, VersionSummary } from './types.js';

const STATES: Readonly<Record<string, Key>> = {
  noticed: 'state.noticed',
  active: 'state.active',
  suspended: 'state.suspended',
  ended: 'state.ended',
  pending: 'state.pending',
  upheld: 'state.upheld',
  overturned: 'state.overturned',
  confirmed: 'case.state.confirmed',
  retracted: 'case.state.retracted',
};

const LIST_TYPES: Readonly<Record<string, Key>> = {
  blacklist: 'listType.blacklist',
  redlist: 'listType.redlist',
  watchlist: 'listType.watchlist',
};

const ROLES: Readonly<Record<string, Key>> = {
  admin: 'console.role.admin',
  reporter: 'console.role.reporter',
  reviewer: 'console.role.reviewer',
  auditor: 'console.role.auditor',
};

/** A listing's, appeal's or dispute's state: "active", "upheld", "retracted". */
export function stateWord(state: string): string {
  const key = STATES[state];
  return key ? t(key) : state;
}

/** A list's type: blacklist, redlist, watchlist. */
export function listTypeWord(type: string): string {
  const key = LIST_TYPES[type];
  return key ? t(key) : type;
}

/** A staff role. */
export function roleWord(role: string): string {
  const key = ROLES[role];
  return key ? t(key) : role;
}

const EFFECTS: Readonly<Record<string, Key>> = {
  deny: 'scheme.effect.deny',
  limit: 'scheme.effect.limit',
  waive: 'scheme.effect.waive',
  priority: 'scheme.effect.priority',
};

/** A sanction's effect: deny, limit, waive, priority. */
export function effectWord(effect: string): string {
  const key = EFFECTS[effect];
  return key ? t(key) : effect;
}

/** The kind of subject a scheme judges: person or org. */
export function subjectTypeWord(type: string): string {
  return type === 'person' ? t('scheme.subject.person') : type === 'org' ? t('scheme.subject.org') : type;
}

const END_REASONS: Readonly<Record<string, Key>> = {
  'condition-stopped': 'subject.endReason.conditionStopped',
  overturned: 'subject.endReason.overturned',
  'consent-withdrawn': 'subject.endReason.consentWithdrawn',
  'version-changed': 'subject.endReason.versionChanged',
  'term-reached': 'subject.endReason.termReached',
};

/** Why a listing ended, in words. */
export function endReasonWord(reason: string): string {
  const key = END_REASONS[reason];
  return key ? t(key) : words(reason);
}

type Translated = Pick<SchemeDoc, 'translations' | 'lists'> | null | undefined;

/** A scheme's own text in the page's language, where the scheme gave a translation (field paths as in docs/i18n.md); else its English. */
export function schemeText(doc: Translated, path: string, english: string): string;
export function schemeText(doc: Translated, path: string, english: string | undefined): string | undefined;
export function schemeText(doc: Translated, path: string, english: string | undefined): string | undefined {
  return doc?.translations?.[currentLocale()]?.[path] ?? english;
}

/** A list's title in the page's language: the scheme's translation, its title, else its id in words. */
export function listTitle(doc: Translated, id: string, english?: string | null): string {
  const i = doc?.lists.findIndex((l) => l.id === id) ?? -1;
  return schemeText(doc, `lists[${i}].title`, listName(id, english ?? doc?.lists[i]?.title));
}

/** The path of a sanction's field in a scheme's translations, found by its list and action. */
export function sanctionPath(doc: Translated, list: string, action: string, field: 'justification' | 'basis'): string {
  const i = doc?.lists.findIndex((l) => l.id === list) ?? -1;
  const j = i >= 0 ? (doc?.lists[i]?.sanctions.findIndex((s) => s.action === action) ?? -1) : -1;
  return `lists[${i}].sanctions[${j}].${field}`;
}

/**
 * The titles of an authority's lists in the page's language, for pages whose data names a list
 * only by id and English title (the review queue). In English nothing is fetched.
 */
export async function listTitlesOf(authority: string): Promise<ReadonlyMap<string, string>> {
  if (currentLocale() === 'en') return new Map();
  const { versions } = await get<{ versions: VersionSummary[] }>('/v1/schemes');
  const latest = new Map<string, VersionSummary>();
  for (const v of versions) if (v.authority === authority) latest.set(v.scheme, v);
  const docs = await Promise.all(
    [...latest.values()].map((v) =>
      get<VersionDetail>(`/v1/schemes/${seg(v.authority)}/${seg(v.scheme)}/versions/${v.version}`).then(
        (d) => d.content,
        () => null,
      ),
    ),
  );
  return new Map(docs.flatMap((doc) => (doc ? doc.lists.map((l) => [l.id, listTitle(doc, l.id)] as const) : [])));
}
