import type { ListingRow } from '../../store/due-process-port.js';
import type { EngineDeps } from '../deps.js';
import { activeSchemes } from './schemes.js';

/**
 * The lists of one authority with their sizes (listings by state) and most recent
 * listings, for the operator console. One pass over the authority's listings in id
 * order, a page per short transaction; the answer is kept briefly per authority.
 */

export interface ListSize {
  readonly scheme: string;
  readonly list: string;
  readonly title: string | null;
  readonly type: string;
  /** Listings by state: noticed, suspended, active, ended. */
  readonly counts: Readonly<Record<ListingRow['state'], number>>;
  /** The newest listings (largest notice instant first). */
  readonly recent: readonly ListingRow[];
}

const PAGE = 2000;
/** How long an answer is reused: the console reloads it, listings change by the minute. */
const CACHE_MS = 15_000;
const caches = new WeakMap<object, Map<string, { until: number; value: Promise<ListSize[]> }>>();

export async function listSizes(deps: EngineDeps, authority: string, recent = 5): Promise<ListSize[]> {
  const now = deps.clock.now();
  let cache = caches.get(deps.store);
  if (!cache) caches.set(deps.store, (cache = new Map<string, { until: number; value: Promise<ListSize[]> }>()));
  const key = `${authority}\u0000${recent}`;
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.value;
  const value = compute(deps, authority, recent);
  cache.set(key, { until: now + CACHE_MS, value });
  value.catch(() => cache.delete(key));
  return value;
}

async function compute(deps: EngineDeps, authority: string, recent: number): Promise<ListSize[]> {
  const schemes = (await deps.store.read((tx) => activeSchemes(tx))).filter((s) => s.ref.authority === authority);
  const out = new Map<
    string,
    {
      scheme: string;
      list: string;
      title: string | null;
      type: string;
      counts: Record<ListingRow['state'], number>;
      recent: ListingRow[];
    }
  >();
  const slot = (scheme: string, list: string, title: string | null, type: string) => {
    const k = `${scheme}\u0000${list}`;
    let s = out.get(k);
    if (!s)
      out.set(
        k,
        (s = { scheme, list, title, type, counts: { noticed: 0, suspended: 0, active: 0, ended: 0 }, recent: [] }),
      );
    return s;
  };
  for (const s of [...schemes].sort((a, b) => (a.ref.scheme < b.ref.scheme ? -1 : 1))) {
    for (const l of s.compiled.doc.lists) slot(s.ref.scheme, l.id, l.title ?? null, l.type);
  }
  for (let after: number | null = null; ; ) {
    const page: ListingRow[] = await deps.store.read((tx) => tx.listingsOf({ authority }, { after, limit: PAGE }));
    for (const l of page) {
      const s = slot(l.scheme, l.list, null, l.listType);
      s.counts[l.state]++;
      s.recent.push(l);
      if (s.recent.length > recent * 4) keepNewest(s.recent, recent);
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.id;
  }
  return [...out.values()].map((s) => ({ ...s, recent: keepNewest(s.recent, recent) }));
}

function keepNewest(rows: ListingRow[], n: number): ListingRow[] {
  rows.sort((a, b) => b.noticedAt - a.noticedAt || b.id - a.id);
  rows.length = Math.min(rows.length, n);
  return rows;
}
