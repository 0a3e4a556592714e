import type { AppealRow, AppealState, DisputeRow } from '../../store/due-process-port.js';
import type { StoreTx } from '../../store/store.js';

/** What a reviewer narrows the queue to (SPEC §6): appeals by deadline, a page at a time. */
export interface QueueFilter {
  readonly authority?: string;
  /** Appeals in this state; default pending (the cases still to decide). */
  readonly state?: AppealState;
  /** Only appeals against listings of this list. */
  readonly list?: string;
  /** Only appeals whose deadline is at or before this instant (epoch ms). */
  readonly dueBefore?: number;
  readonly offset?: number;
  readonly limit?: number;
}

export type QueuedAppealRow = AppealRow & { readonly list: string; readonly scheme: string };

export interface Queue {
  readonly appeals: readonly QueuedAppealRow[];
  /** Appeals that match the filter, on every page. */
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  /** The lists appealed in the queue's authority and state, for a filter to offer. */
  readonly lists: readonly string[];
  readonly disputes: readonly DisputeRow[];
}

export const DEFAULT_QUEUE_PAGE = 50;

/** The reviewer queue: appeals sorted by deadline (then id), filtered and paged; disputes in the order filed. */
export async function reviewQueue(tx: StoreTx, filter: QueueFilter): Promise<Queue> {
  const state = filter.state ?? 'pending';
  const base = { ...(filter.authority ? { authority: filter.authority } : {}), state };
  const rows = await tx.appealsOf(base);
  const withList: QueuedAppealRow[] = [];
  for (const a of rows) {
    const l = await tx.getListing(a.listingId);
    withList.push({ ...a, list: l?.list ?? '', scheme: l?.scheme ?? '' });
  }
  const lists = [...new Set(withList.map((a) => a.list))].sort();
  const matching = withList
    .filter((a) => filter.list === undefined || a.list === filter.list)
    .filter((a) => filter.dueBefore === undefined || a.deadline <= filter.dueBefore)
    .sort((a, b) => a.deadline - b.deadline || a.id - b.id);
  const offset = filter.offset ?? 0;
  const limit = filter.limit ?? DEFAULT_QUEUE_PAGE;
  return {
    appeals: matching.slice(offset, offset + limit),
    total: matching.length,
    offset,
    limit,
    lists,
    disputes:
      state === 'pending'
        ? await tx.disputesOf({ ...(filter.authority ? { authority: filter.authority } : {}), state: 'pending' })
        : [],
  };
}
