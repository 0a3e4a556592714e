import { fail } from '../core/errors.js';
import { checkSubject } from '../core/subject.js';
import type { EngineDeps } from './deps.js';
import { resolveScheme } from './schemes.js';
import { sweep } from './sweep.js';

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
export async function recordConsent(deps: EngineDeps, options: ConsentOptions): Promise<{ authority: string; scheme: string; at: number }> {
  const subject = checkSubject(options.subject);
  const at = options.at ?? deps.clock.now();
  const ref = await deps.store.transaction(async (tx) => {
    const { row, compiled } = await resolveScheme(tx, options.scheme, options.authority);
    if (compiled.doc.consent !== 'required') {
      fail('ARGUMENT_INVALID', `scheme ${row.scheme} does not ask for consent (consent: none)`, { field: 'scheme', scheme: row.scheme });
    }
    const ref = { authority: row.authority, scheme: row.scheme };
    await tx.putConsent({ ...ref, subject, at, optIn: options.optIn, recordedBy: options.by ?? null });
    await tx.markDirty([subject]);
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
export async function importConsents(deps: EngineDeps, events: readonly ConsentEventInput[], by: string | null = null): Promise<void> {
  await deps.store.transaction(async (tx) => {
    for (const e of events) await tx.putConsent({ authority: e.authority, scheme: e.scheme, subject: checkSubject(e.subject), at: e.at, optIn: e.optIn, recordedBy: by });
    await tx.markDirty([...new Set(events.map((e) => e.subject))]);
  });
}
