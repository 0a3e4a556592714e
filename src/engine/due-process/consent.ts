import { fail } from '../../core/errors.js';
import { checkSubject } from '../../core/subject.js';
import type { EngineDeps } from '../deps.js';
import { resolveScheme } from '../evaluation/schemes.js';
import { sweep } from '../evaluation/sweep.js';
import { appendAudit, lockChains } from '../audit/audit.js';
import { emitConsent } from '../webhooks/events.js';

export interface ConsentOptions {
  readonly subject: string;
  /** `ID` or `ID@VERSION`; consent belongs to the scheme, not a version. */
  readonly scheme: string;
  readonly authority?: string;
  readonly optIn: boolean;
  /** Effective instant; default now. */
  readonly at?: number;
  readonly by?: string | null;
}

/** Records a subject's opt-in or opt-out of a consent scheme (SPEC §3 item 10), effective from `at`. */
export async function recordConsent(
  deps: EngineDeps,
  options: ConsentOptions,
): Promise<{ authority: string; scheme: string; at: number }> {
  const subject = checkSubject(options.subject);
  const at = options.at ?? deps.clock.now();
  const ref = await deps.store.transaction(async (tx) => {
    const { row, compiled } = await resolveScheme(tx, options.scheme, options.authority);
    if (compiled.doc.consent !== 'required') {
      fail('ARGUMENT_INVALID', `scheme ${row.scheme} does not ask for consent (consent: none)`, {
        field: 'scheme',
        scheme: row.scheme,
      });
    }
    const ref = { authority: row.authority, scheme: row.scheme };
    // The dirty mark before the audit chain: the order every writer takes its locks in (docs/fleet.md).
    await tx.markDirty([subject]);
    await tx.putConsent({ ...ref, subject, at, optIn: options.optIn, recordedBy: options.by ?? null });
    await appendAudit(tx, {
      chain: ref.authority,
      type: 'consent',
      payload: { scheme: ref.scheme, subject, optIn: options.optIn, at, by: options.by ?? null },
      at: deps.clock.now(),
    });
    await emitConsent(tx, { ...ref, subject, optIn: options.optIn, effectiveAt: at, at: deps.clock.now() });
    return ref;
  });
  await sweep(deps);
  return { ...ref, at };
}

export interface ConsentEventInput {
  readonly subject: string;
  readonly authority: string;
  readonly scheme: string;
  readonly at: number;
  readonly optIn: boolean;
}

/** Stores many consent events at once (bulk loads such as the seed scenario); subjects are re-evaluated at the next sweep. */
export async function importConsents(
  deps: EngineDeps,
  events: readonly ConsentEventInput[],
  by: string | null = null,
): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    // Dirty marks before audit chains (docs/fleet.md).
    await tx.markDirty([...new Set(events.map((e) => checkSubject(e.subject)))].sort());
    await lockChains(
      tx,
      events.map((e) => e.authority),
    );
    for (const e of events) {
      await tx.putConsent({
        authority: e.authority,
        scheme: e.scheme,
        subject: checkSubject(e.subject),
        at: e.at,
        optIn: e.optIn,
        recordedBy: by,
      });
      await appendAudit(tx, {
        chain: e.authority,
        type: 'consent',
        payload: { scheme: e.scheme, subject: checkSubject(e.subject), optIn: e.optIn, at: e.at, by },
        at: now,
      });
      await emitConsent(tx, { ...e, subject: checkSubject(e.subject), effectiveAt: e.at, at: now });
    }
  });
}
