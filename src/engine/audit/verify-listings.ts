import type { ListingRow } from '../../store/due-process-port.js';
import type { CrossCheck } from './cross-check.js';

const PAGE = 10_000;

const said = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

interface LastEntry {
  readonly chain: string;
  readonly seq: number;
  readonly to: unknown;
  readonly effectAt: unknown;
  readonly activeSince: unknown;
  readonly endedAt: unknown;
  /** The term's end as the creation entry or a later receipt stated it (undefined: never stated). */
  termEndsAt: unknown;
  /** When the notice was received, from its 'listing-receipt' entry (undefined: none). */
  receivedAt: unknown;
  seen: boolean;
}

/**
 * Listings (SPEC §6): each row's state and instants (effect, active since, ended, term end,
 * receipt) against its last 'listing' or 'listing-receipt' entry, each entry's `from` against the previous one's `to` (so a state changed
 * behind the log is not laundered by a later, logged transition), and its appealed flag against
 * the 'appeal' entries.
 */
export function verifyListings(): CrossCheck {
  const last = new Map<number, LastEntry>();
  const appealed = new Set<number>();
  return {
    entry(e, p, problems) {
      if (e.type === 'appeal') {
        appealed.add(Number(p.listing));
        return;
      }
      if (e.type === 'listing-receipt') {
        // Receipt fixes the effect instant and the term's end (SPEC §6) without a transition.
        const entry = last.get(Number(p.listing));
        if (entry)
          last.set(Number(p.listing), {
            ...entry,
            effectAt: p.effectAt,
            termEndsAt: p.termEndsAt,
            receivedAt: p.receivedAt,
          });
        return;
      }
      if (e.type !== 'listing') return;
      const id = Number(p.listing);
      const before = last.get(id);
      if ((before?.to ?? null) !== p.from)
        problems.add({
          chain: e.chain,
          seq: e.seq,
          table: 'listings',
          id,
          message: `listing ${id} moves from ${said(p.from ?? 'nothing')} but its previous entry left it ${said(before?.to ?? 'uncreated')}`,
        });
      last.set(id, {
        chain: e.chain,
        seq: e.seq,
        to: p.to,
        effectAt: p.effectAt,
        activeSince: p.activeSince,
        endedAt: p.endedAt,
        termEndsAt: p.termEndsAt !== undefined ? p.termEndsAt : before?.termEndsAt,
        receivedAt: before?.receivedAt,
        seen: false,
      });
    },
    async rows(tx, problems) {
      for (let after = 0; ; ) {
        const page = await tx.listingsOf({}, { after, limit: PAGE });
        for (const l of page) {
          after = l.id;
          const entry = last.get(l.id);
          if (!entry) {
            problems.add({
              chain: l.authority,
              table: 'listings',
              id: l.id,
              message: `listing ${l.id} has no listing entry`,
            });
            continue;
          }
          entry.seen = true;
          const why = mismatch(l, entry, appealed.has(l.id));
          if (why) problems.add({ chain: entry.chain, seq: entry.seq, table: 'listings', id: l.id, message: why });
        }
        if (page.length < PAGE) break;
      }
      const gone = [...last].filter(([, e]) => !e.seen).sort(([a], [b]) => a - b);
      for (const [id, e] of gone)
        problems.add({
          chain: e.chain,
          seq: e.seq,
          table: 'listings',
          id,
          message: `listing ${id} of this entry is not in the listings table`,
        });
    },
  };
}

function mismatch(l: ListingRow, e: LastEntry, hasAppeal: boolean): string | null {
  const name = `listing ${l.id}`;
  if (e.chain !== l.authority) return `${name} belongs to ${l.authority} but its last entry is in chain ${e.chain}`;
  if (e.to !== l.state) return `${name} is ${l.state} but its last listing entry says ${said(e.to)}`;
  if (e.effectAt === undefined)
    return `${name}: its last listing entry does not state its instants (written by an older Standing)`;
  const changed: string[] = [];
  if (e.effectAt !== l.effectAt) changed.push('effect_at');
  if (e.activeSince !== l.activeSince) changed.push('active_since');
  if (e.endedAt !== l.endedAt) changed.push('ended_at');
  if (e.termEndsAt !== undefined && e.termEndsAt !== l.termEndsAt) changed.push('term_ends_at');
  if (e.receivedAt !== undefined && e.receivedAt !== l.receivedAt) changed.push('received_at');
  if (changed.length > 0)
    return `${name}: ${changed.join(', ')} no longer match${changed.length === 1 ? 'es' : ''} its last listing entry`;
  if (l.appealed !== hasAppeal)
    return l.appealed
      ? `${name} is marked appealed but no appeal entry says so`
      : `${name} has an appeal entry but is not marked appealed`;
  return null;
}
