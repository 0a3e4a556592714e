import { addDuration, parseDuration } from '../../core/duration.js';
import { fail } from '../../core/errors.js';
import { formatInstant } from '../../core/instant.js';
import type { ListingCore } from '../../core/listing-machine.js';
import { checkSubject, subjectType } from '../../core/subject.js';
import type { ListingRow } from '../../store/due-process-port.js';
import { appendAudit } from '../audit/audit.js';
import type { EngineDeps } from '../deps.js';
import { activeSchemes } from '../evaluation/schemes.js';
import { actorName } from '../tenancy/accounts.js';
import type { Principal } from '../../core/principal.js';
import { deliver, maxTermOf, sanctionRows } from './listings.js';

export interface SelfExcludeInput {
  readonly subject: string;
  /** The scheme's authority; needed only when two authorities publish a scheme with the list's id. */
  readonly authority?: string;
  /** The scheme id; absent: the one scheme (of `authority`) that has a self-exclusion list with this id. */
  readonly scheme?: string;
  readonly list: string;
  /** ISO 8601, within the list's bounds. */
  readonly term: string;
  /** The subject itself, or the operator at the CLI acting for it. */
  readonly by: Principal;
}

/** The lists a subject of this type may place itself on, by authority, scheme and list. */
export async function selfExclusionLists(
  deps: EngineDeps,
  subject: string,
): Promise<
  { authority: string; scheme: string; list: string; title: string | null; minTerm: string; maxTerm: string }[]
> {
  const type = subjectType(checkSubject(subject))!;
  return deps.store.transaction(async (tx) => {
    const out = [];
    for (const s of await activeSchemes(tx)) {
      if (!s.compiled.doc.subjects.includes(type)) continue;
      for (const l of s.compiled.lists) {
        const bounds = l.def.selfExclusion;
        if (!bounds) continue;
        out.push({
          ...s.ref,
          list: l.def.id,
          title: l.def.title ?? null,
          minTerm: bounds.minTerm,
          maxTerm: bounds.maxTerm ?? (await maxTermOf(tx, l)).text,
        });
      }
    }
    return out;
  });
}

/**
 * A subject places itself on a list that offers self-exclusion (SPEC §6): the listing is
 * active at once, with no notice window and no appeal, for the term the subject chose
 * within the list's bounds, and ends only then (the sweep's term step). Audited on the
 * list's authority's chain; its sanctions apply to checks as any other.
 */
export async function selfExclude(deps: EngineDeps, input: SelfExcludeInput): Promise<ListingRow> {
  const subject = checkSubject(input.subject);
  const term = parseDuration(input.term, 'term');
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const by = actorName(input.by, 'exclusion.manage', { subject });
    const type = subjectType(subject)!;
    const offers = (await activeSchemes(tx)).flatMap((s) =>
      s.compiled.lists
        .filter(
          (l) =>
            l.def.id === input.list &&
            l.def.selfExclusion !== undefined &&
            (input.scheme === undefined || s.ref.scheme === input.scheme) &&
            (input.authority === undefined || s.ref.authority === input.authority),
        )
        .map((l) => ({ scheme: s, list: l })),
    );
    if (offers.length > 1)
      fail(
        'SELF_EXCLUSION_NOT_OFFERED',
        `list ${input.list} is offered by ${offers.map((o) => `${o.scheme.ref.authority}/${o.scheme.ref.scheme}`).join(', ')}; name the authority and scheme`,
        { field: 'list' },
      );
    const offer = offers[0];
    if (offer === undefined || !offer.scheme.compiled.doc.subjects.includes(type))
      fail('SELF_EXCLUSION_NOT_OFFERED', `no list ${input.list} offers self-exclusion to ${type}s`, { field: 'list' });
    const { scheme, list } = offer;
    const bounds = list.def.selfExclusion!;
    const min = parseDuration(bounds.minTerm);
    const max = bounds.maxTerm === undefined ? await maxTermOf(tx, list) : parseDuration(bounds.maxTerm);
    const endsAt = addDuration(now, term);
    if (endsAt < addDuration(now, min) || endsAt > addDuration(now, max) || endsAt <= now)
      fail(
        'SELF_EXCLUSION_TERM',
        `term ${term.text} is outside what list ${list.def.id} offers: from ${min.text} to ${max.text}`,
        { field: 'term' },
      );
    const core: ListingCore = {
      state: 'active',
      effectAt: now,
      activeSince: now,
      appealed: false,
      endedAt: null,
      endReason: null,
      term: term.text,
      termEndsAt: endsAt,
      // Nothing to receive: the subject asked for it.
      receivedAt: now,
    };
    const base = {
      ...scheme.ref,
      subject,
      list: list.def.id,
      listType: list.def.type,
      version: scheme.compiled.version,
      noticedAt: now,
    };
    await tx.auditHead(scheme.ref.authority);
    const id = await tx.insertListingIfNoneOpen({ ...base, ...core });
    if (id === undefined)
      fail('SELF_EXCLUSION_EXISTS', `${subject} is already on list ${list.def.id}`, { field: 'list' });
    const row: ListingRow = { id, ...base, ...core };
    await appendAudit(tx, {
      chain: row.authority,
      type: 'listing',
      payload: {
        listing: id,
        subject,
        scheme: row.scheme,
        list: row.list,
        from: null,
        to: 'active',
        reason: 'self-exclusion',
        effectAt: now,
        activeSince: now,
        endedAt: null,
        term: term.text,
        termEndsAt: endsAt,
        selfExclusion: true,
        by,
      },
      at: now,
    });
    await tx.replaceSanctions(id, sanctionRows(row, list, now));
    await deliver(tx, {
      subject,
      kind: 'listing-active',
      listingId: id,
      authority: row.authority,
      at: now,
      body: {
        listing: id,
        list: row.list,
        scheme: row.scheme,
        since: formatInstant(now),
        termEndsAt: formatInstant(endsAt),
        selfExclusion: true,
        sanctions: list.def.sanctions.map((s) => ({ action: s.action, effect: s.effect })),
        text: `At your request you are on the list ${list.def.title ?? list.def.id} until ${formatInstant(endsAt)}. It cannot be ended early or appealed: that is its purpose.`,
      },
    });
    return row;
  });
}

/**
 * A subject asking to end its self-exclusion early: always refused (SPEC §6: it ends only at
 * the chosen term). The listing must be the subject's self-exclusion, else LISTING_NOT_FOUND.
 */
export async function endSelfExclusion(deps: EngineDeps, subject: string, listing: number): Promise<never> {
  const id = checkSubject(subject);
  const l = await deps.store.transaction((tx) => tx.getListing(listing));
  if (l === undefined || l.subject !== id)
    fail('LISTING_NOT_FOUND', `${id} has no listing ${listing}`, { field: 'listing' });
  return fail(
    'SELF_EXCLUSION_LOCKED',
    l.state === 'ended'
      ? `listing ${listing} has ended`
      : `a self-exclusion cannot be ended early: listing ${listing} ends at ${l.termEndsAt === null ? 'its term' : formatInstant(l.termEndsAt)}`,
    { field: 'listing' },
  );
}

/** The subject's self-exclusions (listings of self-exclusion lists), newest first. */
export async function selfExclusionsOf(deps: EngineDeps, subject: string): Promise<ListingRow[]> {
  const id = checkSubject(subject);
  return deps.store.transaction(async (tx) => {
    const schemes = await activeSchemes(tx);
    const offered = new Set(
      schemes.flatMap((s) =>
        s.compiled.lists
          .filter((l) => l.def.selfExclusion)
          .map((l) => `${s.ref.authority}/${s.ref.scheme}/${l.def.id}`),
      ),
    );
    return (await tx.listingsOfSubject(id))
      .filter((l) => offered.has(`${l.authority}/${l.scheme}/${l.list}`))
      .sort((a, b) => b.id - a.id);
  });
}
