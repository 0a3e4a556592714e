/**
 * Isolation of evaluation (SPEC §3, "Evaluation is bounded"): the latency of checks
 * (checkAction with the group-committed access log, as `standing serve` runs them) while
 * one authority imports records, in one process on one SQLite file. Three phases: no
 * import; an import under the city-citizen scheme; the same volume under a hostile scheme
 * (a backtracking-prone regex on every record, a list condition quadratic in the subject's
 * records, each of its subjects running its evaluation into the cost budget). By default it
 * samples event-loop turns back to back (the wait any request, a check among them, has before
 * it runs: evaluation is synchronous CPU); `--mode checks` runs checks back to back instead
 * (they also queue behind the import's write transactions, which the access log shares).
 * Each phase reports p50, p99 and max, and the ratio of p99 to the city-citizen import's.
 *
 *   node dist/bench/isolation.js [--subjects N] [--records R] [--mode lag|checks]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ActionDef } from '../core/actions.js';
import { fixedClock } from '../engine/clock.js';
import { checkAction, entitle, partyAdd } from '../engine/decisions/check.js';
import { createAccessLogWriter } from '../engine/decisions/access-log-writer.js';
import { publishScheme } from '../engine/evaluation/publish.js';
import { importRecords } from '../engine/ingest/ingest.js';
import { grantAction } from '../engine/tenancy/registry.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { seedSanctionedSubjects } from './sanctioned-subjects.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const CHECKED = 2_000;
const HOSTILE = `
scheme: hostile
authority: mallory
context: civic
subjects: [person]
rules:
  - id: redos
    when: record.data.s.matches("^(a+)+$")
    dataJustification: Reads records of other domains to test bounded evaluation
    basis: Test fixture
    points: -1
lists:
  - id: pairs
    type: watchlist
    when: subject.records.exists(a, subject.records.exists(b, a.key + b.key == "never"))
    dataJustification: Reads records of other domains to test bounded evaluation
    basis: Test fixture
`;

interface Phase {
  readonly name: string;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly checks: number;
  readonly importMs: number;
}

const quantile = (xs: number[], q: number): number => xs[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      subjects: { type: 'string', default: '40' },
      records: { type: 'string', default: '300' },
      mode: { type: 'string', default: 'lag' },
    },
  });
  const subjects = Number(values.subjects);
  const perSubject = Number(values.records);
  const mode = values.mode === 'checks' ? 'checks' : 'lag';
  const dir = mkdtempSync(join(tmpdir(), 'standing-isolation-'));
  const actions = JSON.parse(readFileSync(new URL('../../data/actions.json', import.meta.url), 'utf8')) as ActionDef[];
  const store = openSqliteStore(join(dir, 'standing.db'), { create: true, actions });
  const deps = { store, clock: fixedClock(NOW) };
  const accessLogWriter = createAccessLogWriter(store);
  try {
    for (const act of ['flight.board', 'internet.bandwidth', 'education.enroll', 'rental.deposit'])
      await grantAction(deps, 'city', act);
    await partyAdd(deps, 'airline');
    await entitle(deps, 'airline', 'flight.board');
    await store.transaction((tx) => seedSanctionedSubjects(tx, 0, CHECKED, NOW));
    await publishScheme(deps, readFileSync(new URL('../../examples/city-citizen.yaml', import.meta.url), 'utf8'));
    await publishScheme(deps, HOSTILE);

    let n = 0;
    const phase = async (name: string, work: () => Promise<unknown>, minMs = 0): Promise<Phase> => {
      const lat: number[] = [];
      let done = false;
      const t0 = performance.now();
      const job = work().then(() => (done = true));
      let importMs = 0;
      void job.then(() => (importMs = performance.now() - t0));
      while (!done || performance.now() - t0 < minMs) {
        const s = performance.now();
        if (mode === 'checks')
          await checkAction(
            { ...deps, accessLogWriter },
            { subject: `person:${n++ % CHECKED}`, action: 'flight.board', party: 'airline' },
          );
        else await new Promise<void>((resolve) => setImmediate(resolve));
        lat.push(performance.now() - s);
      }
      await job;
      lat.sort((a, b) => a - b);
      return {
        name,
        p50: quantile(lat, 0.5),
        p99: quantile(lat, 0.99),
        max: lat[lat.length - 1]!,
        checks: lat.length,
        importMs,
      };
    };
    const records = (authority: string, kind: string, prefix: string): unknown[] => {
      const out: unknown[] = [];
      for (let s = 0; s < subjects; s++)
        for (let i = 0; i < perSubject; i++)
          out.push({
            key: `${prefix}-${s}-${i}`,
            authority,
            subject: `person:${prefix}${s}`,
            kind,
            occurredAt: '2026-05-01T00:00:00.000Z',
            data: { s: `${'a'.repeat(28)}!` },
          });
      return out;
    };
    const lines = async function* (raws: unknown[]) {
      for (let i = 0; i < raws.length; i += 1000)
        yield raws.slice(i, i + 1000).map((raw, j) => ({ line: i + j + 1, raw }));
    };
    const benign = records('city', 'civic.volunteering', 'b');
    const hostile = records('mallory', 'probe', 'h');
    const results = [
      await phase('no import', () => new Promise((r) => setTimeout(r, 0)), 2000),
      await phase(`city-citizen import (${benign.length} records)`, () => importRecords(deps, lines(benign))),
      await phase(`hostile import (${hostile.length} records)`, () => importRecords(deps, lines(hostile))),
    ];
    const base = results[1]!.p99;
    process.stdout.write(
      `${subjects} subjects × ${perSubject} records per import; ${mode === 'checks' ? 'checks back to back' : 'event-loop turns (what a request waits for before it runs)'}\n`,
    );
    process.stdout.write(
      '| phase | samples | import ms | p50 ms | p99 ms | max ms | p99 / city import |\n|---|---|---|---|---|---|---|\n',
    );
    for (const r of results)
      process.stdout.write(
        `| ${r.name} | ${r.checks} | ${r.importMs.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.max.toFixed(1)} | ${(r.p99 / base).toFixed(2)} |\n`,
      );
  } finally {
    await accessLogWriter.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
