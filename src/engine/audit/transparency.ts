import { fail } from '../../core/errors.js';
import type { ListType } from '../../core/scheme-types.js';
import type { AuthorityKind } from '../../store/auth-port.js';
import type { ReadTx, SchemeRef, SchemeVersionRow } from '../../store/store.js';
import type { EngineDeps } from '../deps.js';
import { policyMap } from '../ingest/retention.js';
import { maskSubject } from '../../core/subject.js';
import { disputeDeadlineFor } from '../due-process/dispute-deadlines.js';
import { DEFAULT_REPORTS_PER_DAY, reportSettingsSet } from '../reports/reports.js';

/**
 * What the public may see (SPEC §8): published scheme versions, the entries of lists
 * published on the register, and aggregate statistics per authority. Everything here
 * is read only and answers the same to every caller; who may see non-public schemes is
 * the edge's decision, passed in as the viewer's authority.
 */

/** The facts of a scheme version that decide its visibility, read from its stored content. */
export interface SchemeFacts {
  readonly public: boolean;
  readonly title: string | null;
  readonly lists: readonly {
    readonly id: string;
    readonly title: string | null;
    readonly type: ListType;
    readonly publish: boolean;
    /** `publish: full`: subjects named in full (organization lists only); otherwise persons are masked. */
    readonly full: boolean;
  }[];
}

interface StoredContent {
  readonly public?: boolean;
  readonly title?: string;
  readonly lists?: readonly {
    readonly id: string;
    readonly title?: string;
    readonly type: ListType;
    readonly publish?: boolean | 'full';
  }[];
}

// Versions never change, so (authority, scheme, version) is a safe key.
const factsCache = new Map<string, SchemeFacts>();

/** Visibility facts of a stored version; `content` holds the validated document with every default filled in. */
export function schemeFacts(row: SchemeVersionRow): SchemeFacts {
  const key = `${row.authority}\u0000${row.scheme}\u0000${row.version}`;
  let f = factsCache.get(key);
  if (!f) {
    const c = JSON.parse(row.content) as StoredContent;
    f = {
      public: c.public !== false,
      title: c.title ?? null,
      lists: (c.lists ?? []).map((l) => ({
        id: l.id,
        title: l.title ?? null,
        type: l.type,
        publish: l.publish === true || l.publish === 'full',
        full: l.publish === 'full',
      })),
    };
    factsCache.set(key, f);
  }
  return f;
}

/**
 * Whether a viewer sees a version: a version published with `public: true` is public
 * for good (it was on the record); the others only to the staff of their own authority.
 * `viewer` is the authority the caller is staff of, or null.
 */
export function canSeeVersion(row: SchemeVersionRow, viewer: string | null): boolean {
  return row.authority === viewer || schemeFacts(row).public;
}

/** The versions a viewer sees, of every scheme or of one, in (authority, scheme, version) order. */
export async function visibleSchemeVersions(
  deps: EngineDeps,
  viewer: string | null,
  ref?: SchemeRef,
): Promise<SchemeVersionRow[]> {
  const rows = await deps.store.read((tx) => tx.schemeVersions(ref?.scheme));
  return rows.filter((r) => (ref === undefined || r.authority === ref.authority) && canSeeVersion(r, viewer));
}

/** The latest version of every scheme, in (authority, scheme) order. */
async function latestVersions(tx: ReadTx): Promise<SchemeVersionRow[]> {
  const latest = new Map<string, SchemeVersionRow>();
  for (const r of await tx.schemeVersions()) latest.set(`${r.authority}\u0000${r.scheme}`, r);
  return [...latest.values()];
}

/** A list on the public register: `publish: true` in the latest version of its scheme. */
export interface PublishedList extends SchemeRef {
  readonly version: number;
  readonly list: string;
  readonly title: string | null;
  readonly type: ListType;
  /** Whether entries name subjects in full (`publish: full`); otherwise persons are masked (SPEC §8). */
  readonly full: boolean;
}

function publishedOf(row: SchemeVersionRow): PublishedList[] {
  return schemeFacts(row)
    .lists.filter((l) => l.publish)
    .map((l) => ({
      authority: row.authority,
      scheme: row.scheme,
      version: row.version,
      list: l.id,
      title: l.title,
      type: l.type,
      full: l.full,
    }));
}

/**
 * Every list whose latest version says `publish: true`. The list's own flag decides,
 * whatever the scheme's `public`: publishing a register is an explicit choice of its
 * authority, and an entry shows only who is on it and since when, not the rules.
 */
export async function publishedLists(deps: EngineDeps): Promise<PublishedList[]> {
  return deps.store.read(async (tx) => (await latestVersions(tx)).flatMap(publishedOf));
}

/** One entry as the register shows it: the subject masked unless the list says `publish: full`. */
export interface PublicEntry {
  readonly subject: string;
  /** When its sanctions took effect. */
  readonly since: number;
}

export interface PublishedEntries {
  readonly list: PublishedList;
  readonly entries: readonly PublicEntry[];
  /**
   * Where the next page starts, or null on the last page: the listing id of the last entry, so
   * that no cursor names a subject the entries mask.
   */
  readonly next: string | null;
}

/** The published list `list` of the latest version of a scheme, or NOT_FOUND. */
async function publishedList(tx: ReadTx, ref: SchemeRef, list: string): Promise<PublishedList> {
  const versions = (await tx.schemeVersions(ref.scheme)).filter((r) => r.authority === ref.authority);
  const latest = versions[versions.length - 1];
  const published = latest ? publishedOf(latest).find((l) => l.list === list) : undefined;
  if (!published) fail('NOT_FOUND', `no published list ${ref.authority}/${ref.scheme}/${list}`, { field: 'list' });
  return published;
}

const shown = (l: PublishedList, subject: string): string => (l.full ? subject : maskSubject(subject));

/**
 * Active entries of a published list, a page at a time in subject order, persons masked
 * (SPEC §8). A list that is not published (or does not exist) is NOT_FOUND, so unpublished
 * lists leak nothing. `after` is the `next` of the previous page: a listing id of this list.
 */
export async function publishedEntries(
  deps: EngineDeps,
  ref: SchemeRef,
  list: string,
  page: { after: string | null; limit: number },
): Promise<PublishedEntries> {
  return deps.store.read(async (tx) => {
    const published = await publishedList(tx, ref, list);
    let after: string | null = null;
    if (page.after !== null) {
      const l = /^[1-9][0-9]{0,14}$/.test(page.after) ? await tx.getListing(Number(page.after)) : undefined;
      if (l === undefined || l.authority !== ref.authority || l.scheme !== ref.scheme || l.list !== list)
        fail('ARGUMENT_INVALID', 'after: not the `next` of a page of this list', { field: 'after' });
      after = l.subject;
    }
    const rows = await tx.activeEntriesOfList(ref, list, after, page.limit + 1);
    const entries = rows.slice(0, page.limit);
    const last = entries[entries.length - 1];
    return {
      list: published,
      entries: entries.map((e) => ({ subject: shown(published, e.subject), since: e.since })),
      next: rows.length > page.limit && last !== undefined ? String(last.listing) : null,
    };
  });
}

/** Whether one known subject is on a published list (SPEC §8, the exact lookup). */
export interface PublicLookup {
  readonly list: PublishedList;
  readonly subject: string;
  readonly listed: boolean;
  /** When its sanctions took effect, while listed; else null. */
  readonly since: number | null;
}

/**
 * The exact lookup `GET /v1/public/lists/{authority}/{list}/entries/{subject}`: whether the
 * subject has an active listing on the published list `list` of the authority. The path names
 * no scheme: a list id of one authority's published lists names one list; when several of its
 * schemes publish a list of that id, the subject is listed if any of them lists it. The caller
 * already knows the subject, so the answer names it as asked. NOT_FOUND for a list not published.
 */
export async function lookupPublished(
  deps: EngineDeps,
  authority: string,
  list: string,
  subject: string,
): Promise<PublicLookup> {
  return deps.store.read(async (tx) => {
    const lists = (await latestVersions(tx))
      .filter((r) => r.authority === authority)
      .flatMap(publishedOf)
      .filter((l) => l.list === list);
    if (lists.length === 0) fail('NOT_FOUND', `no published list ${authority}/${list}`, { field: 'list' });
    const open = (await tx.listingsOfSubject(subject)).filter(
      (l) =>
        l.state === 'active' &&
        lists.some((p) => p.authority === l.authority && p.scheme === l.scheme && p.list === l.list),
    );
    const first = open[0];
    const pub = first === undefined ? lists[0]! : lists.find((p) => p.scheme === first.scheme)!;
    return { list: pub, subject, listed: first !== undefined, since: first?.activeSince ?? null };
  });
}

export interface PublicAuthority {
  readonly name: string;
  /** Null for an authority created on first use, which has no recorded kind. */
  readonly kind: AuthorityKind | null;
  readonly title: string | null;
  /** Its record-retention policy: how long after lapsing everywhere its records are deleted (ISO 8601), or null: kept forever. */
  readonly retention: string | null;
  /** Whether it accepts reports from the public (SPEC §14), and how many one reporter may file to it a day. */
  readonly reports: { readonly open: boolean; readonly perDay: number };
}

/** Every authority, with its kind when the operator recorded one. */
export async function publicAuthorities(deps: EngineDeps): Promise<PublicAuthority[]> {
  return deps.store.read(async (tx) => {
    const kinds = new Map((await tx.listAuthorityKinds()).map((k) => [k.name, k]));
    const retention = await policyMap(tx);
    const reports = await reportSettingsSet(tx);
    return (await tx.listAuthorities()).map((name) => ({
      name,
      kind: kinds.get(name)?.kind ?? null,
      title: kinds.get(name)?.title ?? null,
      retention: retention.get(name)?.afterLapse ?? null,
      reports: { open: reports[name]?.open ?? false, perDay: reports[name]?.perDay ?? DEFAULT_REPORTS_PER_DAY },
    }));
  });
}

/** Subjects by grade under the latest version of one public scheme. */
export interface SchemeGrades {
  readonly scheme: string;
  readonly version: number;
  readonly title: string | null;
  /** Subjects judged (with a score) under it. */
  readonly judged: number;
  /** Judged subjects by grade (null: no grade entry matched), in grade order. */
  readonly grades: readonly { readonly grade: string | null; readonly count: number }[];
}

export interface AuthorityStatistics {
  readonly authority: string;
  /** One entry per scheme whose latest version is public. */
  readonly schemes: readonly SchemeGrades[];
  /** Listings ever started (noticed, or active at once for redlists) and of those, ended. */
  readonly listings: { readonly started: number; readonly ended: number };
  readonly appeals: {
    readonly filed: number;
    readonly upheld: number;
    readonly overturned: number;
    readonly pending: number;
    /** Median of decidedAt − filedAt over decided appeals, ms (the mean of the two middle ones for an even count); null when none is decided. */
    readonly medianDecisionMs: number | null;
  };
  /** Record disputes (SPEC §6): the deadline it decides them within, how many were filed, are pending, and are pending past their deadline. */
  readonly disputes: {
    readonly deadline: string;
    readonly filed: number;
    readonly pending: number;
    readonly overdue: number;
  };
}

/** The median of `n` sorted values read one position at a time. */
async function median(n: number, at: (i: number) => Promise<number | undefined>): Promise<number | null> {
  if (n === 0) return null;
  const hi = await at(Math.floor(n / 2));
  if (hi === undefined) return null;
  if (n % 2 === 1) return hi;
  const lo = (await at(n / 2 - 1)) ?? hi;
  return Math.round((lo + hi) / 2);
}

/** Aggregate statistics per authority (SPEC §8), every authority listed, in name order. */
export async function publicStatistics(deps: EngineDeps): Promise<AuthorityStatistics[]> {
  return deps.store.read(async (tx) => {
    const latest = await latestVersions(tx);
    const listings = new Map((await tx.listingCountsByAuthority()).map((r) => [r.authority, r]));
    const appeals = new Map((await tx.appealCountsByAuthority()).map((r) => [r.authority, r]));
    const disputes = new Map((await tx.disputeCountsByAuthority(deps.clock.now())).map((r) => [r.authority, r]));
    const names = new Set([...(await tx.listAuthorities()), ...listings.keys(), ...appeals.keys(), ...disputes.keys()]);
    const out: AuthorityStatistics[] = [];
    for (const authority of [...names].sort()) {
      const schemes: SchemeGrades[] = [];
      for (const row of latest) {
        if (row.authority !== authority || !schemeFacts(row).public) continue;
        const s = await tx.summarizeStates(row);
        schemes.push({
          scheme: row.scheme,
          version: row.version,
          title: schemeFacts(row).title,
          judged: s.judged,
          grades: s.grades,
        });
      }
      const l = listings.get(authority);
      const a = appeals.get(authority);
      const decided = (a?.upheld ?? 0) + (a?.overturned ?? 0);
      out.push({
        authority,
        schemes,
        listings: { started: l?.started ?? 0, ended: l?.ended ?? 0 },
        appeals: {
          filed: a?.filed ?? 0,
          upheld: a?.upheld ?? 0,
          overturned: a?.overturned ?? 0,
          pending: (a?.filed ?? 0) - decided,
          medianDecisionMs: await median(decided, (i) => tx.appealDecisionTimeAt(authority, i)),
        },
        disputes: {
          deadline: await disputeDeadlineFor(tx, authority),
          filed: disputes.get(authority)?.filed ?? 0,
          pending: disputes.get(authority)?.pending ?? 0,
          overdue: disputes.get(authority)?.overdue ?? 0,
        },
      });
    }
    return out;
  });
}
