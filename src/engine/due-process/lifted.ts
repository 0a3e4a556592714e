import type { CompiledList } from '../../core/scheme-types.js';
import type { ListingRow } from '../../store/due-process-port.js';
import type { LiftedNoticeRow } from '../../store/second-instance-port.js';
import type { StoreTx } from '../../store/store.js';
import { appendAudit } from '../audit/audit.js';
import { liftedDigest } from '../audit/row-digest.js';

/**
 * Sanction lifted (SPEC §6): tells every relying party that checked the subject, for an action
 * the listing sanctioned, while it was in force (`inForce`, from the access log), that the
 * sanction was lifted. Relying parties have no inbox: each is one audited `lifted_notices` row
 * the party reads at GET /v1/party/lifted (docs/decisions.md, *Second instance*). A check the
 * party was answered `allow` (or refused) told it of no sanction, so it is not counted. Returns
 * the parties told, in name order.
 */
export async function tellSanctionLifted(
  tx: StoreTx,
  listing: ListingRow,
  list: CompiledList | undefined,
  at: number,
  cause: string,
  inForce: { readonly from: number; readonly to: number },
): Promise<string[]> {
  const sanctioned = new Set((list?.def.sanctions ?? []).map((s) => s.action));
  const byParty = new Map<string, Set<string>>();
  for (const c of await tx.accessLogOf(listing.subject)) {
    if (c.party === 'operator' || !sanctioned.has(c.action)) continue;
    if (c.effect === 'allow' || c.effect === 'refused') continue;
    if (c.at < inForce.from || c.at >= inForce.to) continue;
    let actions = byParty.get(c.party);
    if (!actions) byParty.set(c.party, (actions = new Set()));
    actions.add(c.action);
  }
  const parties = [...byParty.keys()].sort();
  for (const party of parties) {
    const row: Omit<LiftedNoticeRow, 'id'> = {
      party,
      subject: listing.subject,
      listingId: listing.id,
      authority: listing.authority,
      actions: [...byParty.get(party)!].sort(),
      cause,
      at,
    };
    const id = await tx.insertLiftedNotice(row);
    await appendAudit(tx, {
      chain: listing.authority,
      type: 'sanction-lifted',
      payload: { notice: id, party, subject: listing.subject, listing: listing.id, row: liftedDigest({ id, ...row }) },
      at,
    });
  }
  return parties;
}
