import { formatInstant } from '../../core/instant.js';
import type { StoredRecord } from '../../core/record.js';
import type { SchemeVersionRow } from '../../store/store.js';
import { schemeFacts, visibleSchemeVersions } from '../audit/transparency.js';
import type { EngineDeps } from '../deps.js';
import { listTitles } from '../due-process/queue.js';
import { listingView, type ListingView } from '../due-process/subject-file.js';
import { staffRecordView, type StaffRecordView } from '../ingest/record-view.js';
import { explainSubject, explanationJson, type ExplanationJson } from './queries.js';

const MONTH = 30.44 * 86_400_000;
/** Past instants of the score history: every three months over the last two years. */
const HISTORY_POINTS = 8;
/** At most this many records are sent with the explanations (the page explains the rest by key). */
export const CONSOLE_MAX_RECORDS = 500;
export const CONSOLE_MAX_LISTINGS = 200;

/** One scheme of the authority (its latest version) as the console shows it for a subject. */
export interface ConsoleScheme {
  readonly authority: string;
  readonly scheme: string;
  readonly version: number;
  readonly title: string | null;
  readonly public: boolean;
  /** The validated scheme document. */
  readonly content: unknown;
  readonly explanation: ExplanationJson;
  /** The score at past instants, oldest first, then now. */
  readonly history: readonly { readonly at: string; readonly score: number | null }[];
}

/** The console's subject page in one answer (issue 21). */
export interface ConsoleSubject {
  readonly subject: string;
  readonly authority: string;
  readonly at: string;
  readonly schemes: readonly ConsoleScheme[];
  /** The authority's records the explanations rest on (staff view, at most CONSOLE_MAX_RECORDS). */
  readonly records: readonly StaffRecordView[];
  /** The authority's listings of the subject (at most CONSOLE_MAX_LISTINGS, newest last). */
  readonly listings: readonly ListingView[];
}

/**
 * A subject as one authority sees it: for each of its schemes (the latest version) the
 * explanation now and the score every three months over the last two years; the records of the
 * authority the explanations rest on; the authority's listings of the subject.
 */
export async function consoleSubject(deps: EngineDeps, authority: string, subject: string): Promise<ConsoleSubject> {
  const now = deps.clock.now();
  const latest = new Map<string, SchemeVersionRow>();
  for (const row of await visibleSchemeVersions(deps, authority)) {
    if (row.authority !== authority) continue;
    const seen = latest.get(row.scheme);
    if (!seen || seen.version < row.version) latest.set(row.scheme, row);
  }
  const schemes: ConsoleScheme[] = [];
  const wanted = new Set<string>();
  for (const row of latest.values()) {
    const current = explanationJson(await explainSubject(deps, subject, row.scheme, { authority, at: now }));
    const history = [];
    if (current.judged) {
      for (let i = 0; i < HISTORY_POINTS; i++) {
        const at = Math.round(now - (HISTORY_POINTS - i) * 3 * MONTH);
        const past = await explainSubject(deps, subject, row.scheme, { authority, at }).catch(() => null);
        if (past) history.push({ at: formatInstant(at), score: past.evaluation.score });
      }
      history.push({ at: current.at, score: current.score });
      for (const c of current.contributions) if (c.authority === authority) wanted.add(c.key);
    }
    const facts = schemeFacts(row);
    schemes.push({
      authority: row.authority,
      scheme: row.scheme,
      version: row.version,
      title: facts.title,
      public: facts.public,
      content: JSON.parse(row.content) as unknown,
      explanation: current,
      history,
    });
  }
  const { records, listings, titles } = await deps.store.read(async (tx) => {
    const found: StoredRecord[] = [];
    for (const key of [...wanted].slice(0, CONSOLE_MAX_RECORDS)) {
      const r = await tx.getRecord(authority, key);
      if (r) found.push(r);
    }
    return {
      records: found,
      listings: await tx.listingsOf({ authority, subject }, { after: null, limit: CONSOLE_MAX_LISTINGS }),
      titles: await listTitles(tx),
    };
  });
  return {
    subject,
    authority,
    at: formatInstant(now),
    schemes,
    // Without the dispute marks, as the console has always shown them: its explanations mark disputed records.
    records: records.map((r) => staffRecordView(r)),
    listings: listings.map((l) => listingView(l, now, titles.get(`${l.authority}/${l.scheme}/${l.list}`))),
  };
}
