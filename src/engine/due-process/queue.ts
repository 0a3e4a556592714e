import type { AppealRow, AppealState, DisputeRow } from '../../store/due-process-port.js';
import type { ReadTx } from '../../store/store.js';
import { listName } from '../../core/list-name.js';
import { activeSchemes } from '../evaluation/schemes.js';

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

/** An appeal with its listing's list: the id and its one display name (core listName). */
export type QueuedAppealRow = AppealRow & {
  readonly list: string;
  readonly listTitle: string;
  readonly scheme: string;
};

export interface Queue {
  readonly appeals: readonly QueuedAppealRow[];
  /** Appeals that match the filter, on every page. */
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  /** The lists appealed in the queue's authority and state, for a filter to offer. */
  readonly lists: readonly { readonly id: string; readonly title: string }[];
  readonly disputes: readonly DisputeRow[];
}

export const DEFAULT_QUEUE_PAGE = 50;

/** The titles of the lists of the active schemes, by "authority/scheme/list". */
export async function listTitles(tx: ReadTx): Promise<Map<string, string | undefined>> {
  const titles = new Map<string, string | undefined>();
  for (const s of await activeSchemes(tx))
    for (const l of s.compiled.lists) titles.set(`${s.ref.authority}/${s.ref.scheme}/${l.def.id}`, l.def.title);
  return titles;
}

/** The reviewer queue: appeals sorted by deadline (then id), filtered and paged; disputes in the order filed. */
export async function reviewQueue(tx: ReadTx, filter: QueueFilter): Promise<Queue> {
  const state = filter.state ?? 'pending';
  const base = { ...(filter.authority ? { authority: filter.authority } : {}), state };
  const rows = await tx.appealsOf(base);
  const titles = await listTitles(tx);
  const withList: QueuedAppealRow[] = [];
  for (const a of rows) {
    const l = await tx.getListing(a.listingId);
    const list = l?.list ?? '';
    const title = l ? titles.get(`${l.authority}/${l.scheme}/${l.list}`) : undefined;
    withList.push({ ...a, list, listTitle: listName({ id: list, title }), scheme: l?.scheme ?? '' });
  }
  const lists = [...new Map(withList.map((a) => [a.list, a.listTitle])).entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, title]) => ({ id, title }));
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
