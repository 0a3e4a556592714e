import { sanctionsApply } from '../../core/listing-machine.js';
import { canonicalJson } from '../../core/record.js';
import type { ActiveSanctionRow, ListingRow } from '../../store/due-process-port.js';
import type { SchemeVersionRow } from '../../store/store.js';
import { compileStored, loadRegistry } from '../evaluation/schemes.js';
import type { CrossCheck } from './cross-check.js';
import type { Problems } from './problems.js';

const PAGE = 10_000;

/** What a sanction row says, for comparing. */
const text = (s: ActiveSanctionRow): string =>
  canonicalJson({
    listingId: s.listingId,
    subject: s.subject,
    action: s.action,
    effect: s.effect,
    limit: s.limit,
    authority: s.authority,
    scheme: s.scheme,
    list: s.list,
    since: s.since,
  });

/**
 * The sanctions in force (what a check answers) are derived, so they are rebuilt rather than
 * hashed: an active listing (covered by verifyListings) contributes its list's sanctions, from
 * its scheme version (covered by verifySchemes), since it became active; nothing else does.
 * A row added, removed or changed behind the log is named.
 */
export function verifySanctions(): CrossCheck {
  return {
    entry() {},
    async rows(tx, problems) {
      const versions = new Map<string, SchemeVersionRow>();
      for (const v of await tx.schemeVersions()) versions.set(`${v.authority}\u0000${v.scheme}\u0000${v.version}`, v);
      const registry = await loadRegistry(tx);
      const expected = (l: ListingRow): ActiveSanctionRow[] | undefined => {
        if (!sanctionsApply(l)) return [];
        const v = versions.get(`${l.authority}\u0000${l.scheme}\u0000${l.version}`);
        if (!v) return undefined;
        const list = compileStored(v, registry).lists.find((x) => x.def.id === l.list);
        return (list?.def.sanctions ?? []).map((s) => ({
          listingId: l.id,
          subject: l.subject,
          action: s.action,
          effect: s.effect,
          limit: s.limit ?? null,
          authority: l.authority,
          scheme: l.scheme,
          list: l.list,
          since: l.activeSince ?? l.effectAt,
        }));
      };
      let after = 0;
      for (;;) {
        const page = await tx.listingsOf({}, { after, limit: PAGE });
        if (page.length === 0) break;
        const last = page[page.length - 1]!.id;
        const stored = await tx.sanctionsOfListings(after, last);
        compare(page, stored, expected, problems);
        after = last;
        if (page.length < PAGE) break;
      }
      // Rows naming no listing at all.
      compare([], await tx.sanctionsOfListings(after, Number.MAX_SAFE_INTEGER), expected, problems);
    },
  };
}

function compare(
  listings: readonly ListingRow[],
  stored: readonly ActiveSanctionRow[],
  expected: (l: ListingRow) => ActiveSanctionRow[] | undefined,
  problems: Problems,
): void {
  const byListing = new Map<number, ActiveSanctionRow[]>();
  for (const s of stored) {
    let list = byListing.get(s.listingId);
    if (!list) byListing.set(s.listingId, (list = []));
    list.push(s);
  }
  const name = (s: ActiveSanctionRow): string => `${s.listingId}/${s.action}`;
  for (const l of listings) {
    const have = byListing.get(l.id) ?? [];
    byListing.delete(l.id);
    const want = expected(l);
    if (want === undefined) {
      problems.add({
        chain: l.authority,
        table: 'listings',
        id: l.id,
        message: `listing ${l.id} names scheme version ${l.scheme}@${l.version}, which is not in scheme_versions`,
      });
      continue;
    }
    const haveText = new Map(have.map((s) => [text(s), s]));
    for (const w of want) {
      if (haveText.delete(text(w))) continue;
      problems.add({
        chain: l.authority,
        table: 'active_sanctions',
        id: name(w),
        message: `sanction ${w.effect} of ${w.action} for listing ${l.id} (${l.state}) is missing from, or was changed in, active_sanctions`,
      });
    }
    for (const s of haveText.values())
      problems.add({
        chain: l.authority,
        table: 'active_sanctions',
        id: name(s),
        message: `active_sanctions holds ${s.effect} of ${s.action} for listing ${l.id} (${l.state}), which its listing and scheme version do not impose`,
      });
  }
  for (const rows of byListing.values())
    for (const s of rows)
      problems.add({
        chain: s.authority,
        table: 'active_sanctions',
        id: name(s),
        message: `active_sanctions holds ${s.effect} of ${s.action} for listing ${s.listingId}, which is not in the listings table`,
      });
}
