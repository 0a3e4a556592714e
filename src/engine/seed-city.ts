import { parseInstant } from '../core/instant.js';
import { generateCity } from '../demo/city-generator.js';
import { importConsents, type ConsentEventInput } from './consent.js';
import type { EngineDeps } from './deps.js';
import { importRecords, type ImportCounts } from './ingest.js';
import { checkScheme, publishScheme } from './publish.js';
import type { SourceLine } from './record-source.js';
import { sweep } from './sweep.js';

export interface SeedOptions {
  readonly persons: number;
  readonly businesses: number;
  readonly seed: number | string;
  /** Scheme YAML texts to publish, in order (examples/). */
  readonly schemes: readonly string[];
  /** Years of history before now. Default 5. */
  readonly years?: number;
  readonly onProgress?: (counts: ImportCounts) => void;
}

export interface SeedResult {
  readonly records: ImportCounts;
  readonly consents: number;
  readonly grants: number;
}

const BATCH = 5000;

/**
 * Builds the seed scenario (SPEC §11) into an empty store: the operator grants each
 * scheme the actions it sanctions, the schemes are published, and the generated
 * city's records and consent events are imported through the ordinary engine paths.
 */
export async function seedCity(deps: EngineDeps, options: SeedOptions): Promise<SeedResult> {
  const now = deps.clock.now();
  let grants = 0;
  for (const source of options.schemes) {
    await deps.store.transaction(async (tx) => {
      const parsed = await checkScheme(tx, source);
      if (!parsed.ok) throw parsed.errors[0]!;
      const { authority } = parsed.doc;
      await tx.ensureAuthorities([authority], now);
      for (const l of parsed.doc.lists) for (const s of l.sanctions) if (await tx.addGrant(authority, s.action, now)) grants++;
    });
    await publishScheme(deps, source);
  }
  const start = new Date(now);
  start.setUTCFullYear(start.getUTCFullYear() - (options.years ?? 5));
  const consents: ConsentEventInput[] = [];
  async function* batches(): AsyncGenerator<SourceLine[]> {
    let batch: SourceLine[] = [];
    let line = 0;
    for (const ev of generateCity({ persons: options.persons, businesses: options.businesses, seed: options.seed, start: start.getTime(), end: now })) {
      if (ev.type === 'consent') {
        consents.push({ subject: ev.subject, authority: ev.authority, scheme: ev.scheme, at: parseInstant(ev.at), optIn: ev.optIn });
        continue;
      }
      batch.push({ line: ++line, raw: ev.record });
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
  const records = await importRecords(deps, batches(), { deferDerive: true, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  await importConsents(deps, consents);
  await sweep(deps);
  return { records, consents: consents.length, grants };
}
