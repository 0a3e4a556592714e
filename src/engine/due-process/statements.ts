import { checkDsaStatement, toDsaStatement, type DsaStatement } from '../../core/dsa-statement.js';
import type { EngineDeps } from '../deps.js';

/** Notices read from the store per page while exporting. */
const PAGE = 500;

export interface StatementsQuery {
  /** Epoch ms: notices issued at or after it (default: all). */
  readonly since?: number;
  /** One authority's notices, or (absent) every authority's. */
  readonly authority?: string;
}

/**
 * The statements of reasons of SPEC §8 in the DSA Transparency Database API's shape, one per
 * notice of a blacklist or watchlist listing, oldest first, each validated before it is
 * yielded (SOR_INVALID stops the export). Redlist notices restrict nothing and are skipped.
 * The effect instant and term end are the listing's as they stand (fixed at receipt).
 */
export async function* exportStatements(deps: EngineDeps, query: StatementsQuery): AsyncGenerator<DsaStatement> {
  let after = 0;
  for (;;) {
    const page = await deps.store.transaction(async (tx) => {
      const notices = await tx.noticesSince({
        since: query.since ?? 0,
        authority: query.authority ?? null,
        after,
        limit: PAGE,
      });
      const out: DsaStatement[] = [];
      for (const { body: n, listingId } of notices) {
        if (n.list?.type === 'redlist') continue;
        const l = await tx.getListing(listingId);
        if (l === undefined) continue;
        out.push(
          checkDsaStatement(toDsaStatement(n, { id: l.id, effectAt: l.effectAt, termEndsAt: l.termEndsAt }), l.id),
        );
      }
      return { last: notices.at(-1)?.id, out };
    });
    yield* page.out;
    if (page.last === undefined) return;
    after = page.last;
  }
}
